import { defineMessages } from '#lib/i18n/catalogue.ts';

// Status, impact, urgency and channel values inside sentences (ICU select: each language words them).
const STATUS_EN = 'new {new} open {open} pending {pending} resolved {resolved} closed {closed} other {{VAR}}';
const STATUS_DE =
  'new {„Neu“} open {„Offen“} pending {„Wartend“} resolved {„Gelöst“} closed {„Geschlossen“} other {{VAR}}';
const STATUS_IT =
  'new {«Nuovo»} open {«Aperto»} pending {«In attesa»} resolved {«Risolto»} closed {«Chiuso»} other {{VAR}}';
const status = (words: string, name: string) => `{${name}, select, ${words.replace('VAR', name)}}`;

const FILE_KIND_EN =
  'png {a PNG image} jpeg {a JPEG image} gif {a GIF image} webp {a WebP image} pdf {a PDF} other {a text file}';
const FILE_KIND_DE =
  'png {ein PNG-Bild} jpeg {ein JPEG-Bild} gif {ein GIF-Bild} webp {ein WebP-Bild} pdf {ein PDF} other {eine Textdatei}';
const FILE_KIND_IT =
  'png {un’immagine PNG} jpeg {un’immagine JPEG} gif {un’immagine GIF} webp {un’immagine WebP} pdf {un PDF} other {un file di testo}';
const kind = (words: string, name: string) => `{${name}, select, ${words}}`;

/**
 * Tickets as both sides read them: the rules' refusals (workflow, filing, attachments), the notices after
 * an action, the timeline's events, the API's errors, and the parts the requester's and the agent's
 * ticket pages share.
 */
export default defineMessages({
  en: {
    // Workflow refusals
    noSuchTicket: 'There is no such ticket.',
    conflict:
      'Someone else changed this ticket in the meantime. Reload it to see their change, then try again.',
    tierTooLowYou:
      'This ticket is in the tier {ticketTier} queue. You are tier {agentTier}: tier {agentTier} agents can read it and add notes, but a tier {ticketTier} agent takes it.',
    tierTooLowOther:
      'This ticket is in the tier {ticketTier} queue. {name} is tier {agentTier}: tier {agentTier} agents can read it and add notes, but a tier {ticketTier} agent takes it.',
    agentsOnly: 'Only agents can do that.',
    alreadyStatus: `The ticket is already ${status(STATUS_EN, 'status')}: choose the status it should move to.`,
    closedTicket: 'This ticket is closed. Open a new one if the problem came back.',
    badTransition: `A ${status(STATUS_EN, 'from')} ticket cannot become ${status(STATUS_EN, 'to')}.`,
    resolutionNoteRequired: 'Write a resolution note: what was wrong and what fixed it.',
    reopenReasonRequired: 'Tell us what is still broken, so the agent can pick it up.',
    claimedByPeople: 'Tickets are claimed by people.',
    lastTier: 'Tier 3 is the last tier.',
    firstTier: 'Tier 1 is the first tier.',
    escalateReason: 'Say why it needs the next tier.',
    sendBackReason: 'Say why it goes back.',
    messageEmpty: 'Write a message or attach a file first.',
    messageTooLong: 'Messages are limited to 20,000 characters.',
    notesAgentsOnly: 'Only agents can write internal notes.',
    rateRequesterOnly: 'Only the person who asked can rate the help.',
    rateWhenClosed: 'Rate the help once the ticket is closed.',
    rateRange: 'Choose a rating from 1 to 5.',
    activeAgent: 'Choose an active agent.',
    claimedBy: '{name} already has this ticket.',
    claimedByAnother: 'Another agent already has this ticket.',
    chooseStatus: 'Choose a status.',
    classifyFromLists: 'Choose an impact, an urgency and a category from the lists.',
    unknownAction: 'Unknown action.',
    storageRefused:
      'This could not be saved: the help desk’s storage is full or read-only right now. What you typed is still here; try again in a few minutes. Reading articles still works.',
    autoClosedNote: 'Closed automatically {days, plural, one {# day} other {# days}} after it was resolved.',
    incidentResolvedNote: 'Resolved with the major incident “{title}”: {note}',
    // Filing a ticket
    subjectRequired: 'Write a short subject.',
    subjectShort: 'Write a short subject (at least 3 characters).',
    subjectLong: 'Keep the subject under 200 characters; put details in the description.',
    descriptionRequired: 'Describe the problem.',
    descriptionEmpty: 'Describe the problem: what happened, and what you already tried.',
    descriptionLong: 'The description is limited to 20,000 characters; attach long logs instead.',
    impactRequired: 'Choose who is affected.',
    urgencyRequired: 'Choose how urgent it is.',
    categoryUnknown: 'Choose a category from the list, or leave it empty.',
    requestNotYours: 'That help request is not one of yours. Start again from Get help.',
    tooManyTickets:
      'You have filed {limit} tickets in the last hour, the most the desk takes from one person. Add to one of them, or try again in {minutes, plural, one {# minute} other {# minutes}}; for an emergency, call the service desk.',
    // The ticket API
    apiPeopleOnly: 'Tickets are filed by people: sign in, or use a personal account.',
    apiJsonObject: 'Send a JSON object with subject and description.',
    apiCheckForm: 'Check the form.',
    apiJsonOnly: 'Send the ticket as JSON (Content-Type: application/json).',
    apiTooLarge: 'The request is too large (64 KB at most).',
    apiBadJson: 'The body is not valid JSON.',
    apiStorageRefused:
      'Nothing was saved: the help desk’s storage is full or read-only right now. Send the same request again in a few minutes (with the same Idempotency-Key it files one ticket).',
    // After an action
    doneClaimed: 'You have the ticket.',
    doneAssigned: 'Assignment saved.',
    doneLogged: 'Ticket logged for the caller.',
    doneReplied: 'Reply sent: the requester can see it.',
    doneNoted: 'Internal note added.',
    doneStatus: 'Status changed.',
    doneEscalated: 'Escalated to the next tier.',
    doneSentBack: 'Sent back a tier.',
    doneClassified: 'Saved; priority and due times follow.',
    doneConfirmed: 'Thanks! The ticket is closed.',
    doneReopened: 'Reopened: the service desk picks it up again.',
    doneRated: 'Thanks for rating the help.',
    doneSent: 'Sent: the service desk sees your reply.',
    // Attachments
    attachments: 'Attachments',
    attachmentsOptional: '(optional)',
    acceptedFiles:
      'Attach screenshots (PNG, JPEG, GIF, WebP), PDFs or text files such as logs (.txt, .log, .csv, .json), up to 10 MB each and 5 per message.',
    chooseFilesAgain: '{reason} Choose the files again.',
    attachmentImage: 'image',
    attachmentPdf: 'PDF',
    attachmentText: 'text',
    attachmentKb: '{size} KB',
    attachmentMb: '{size} MB',
    tooManyFiles: 'Attach at most {max} files to one message (you chose {count}).',
    fileEmpty: '"{name}" is empty.',
    fileTooLarge:
      '"{name}" is {size} MB; files are limited to 10 MB. Crop the screenshot or attach the end of the log.',
    fileMismatch: `"{name}" is ${kind(FILE_KIND_EN, 'actual')}, not ${kind(FILE_KIND_EN, 'claimed')}. Rename it to {extension} or attach the right file.`,
    fileKindRefused:
      '"{name}" is not a kind of file we accept. Attach screenshots (PNG, JPEG, GIF, WebP), PDFs or text files such as logs (.txt, .log, .csv, .json), up to 10 MB each and 5 per message.',
    fileNotWhatItSays: `"{name}" is not ${kind(FILE_KIND_EN, 'claimed')}: its content does not match its name.`,
    fileBinary:
      '"{name}" is not a text file: it contains binary data. Zip it or attach a screenshot instead.',
    // What the requester tried (both ticket pages)
    triedRejected: 'did not solve it',
    triedOpened: 'opened',
    noneOpened: 'No suggested article was opened.',
    suggestedNotOpened: 'Suggested but not opened ({count})',
    shownAt: 'shown at #{rank}',
    // The timeline: "<name> opened the ticket (P3)"
  },
  de: {
    noSuchTicket: 'Dieses Ticket gibt es nicht.',
    conflict:
      'Jemand anderes hat dieses Ticket inzwischen geändert. Laden Sie es neu, um die Änderung zu sehen, und versuchen Sie es dann erneut.',
    tierTooLowYou:
      'Dieses Ticket liegt in der Warteschlange von Level {ticketTier}. Sie sind Level {agentTier}: Agents im Level {agentTier} können es lesen und Notizen hinzufügen, übernehmen muss es aber ein Agent im Level {ticketTier}.',
    tierTooLowOther:
      'Dieses Ticket liegt in der Warteschlange von Level {ticketTier}. {name} ist Level {agentTier}: Agents im Level {agentTier} können es lesen und Notizen hinzufügen, übernehmen muss es aber ein Agent im Level {ticketTier}.',
    agentsOnly: 'Das dürfen nur Agents.',
    alreadyStatus: `Das Ticket ist bereits ${status(STATUS_DE, 'status')}: Wählen Sie den Status, in den es wechseln soll.`,
    closedTicket:
      'Dieses Ticket ist geschlossen. Erstellen Sie ein neues, wenn das Problem wieder aufgetreten ist.',
    badTransition: `Ein Ticket im Status ${status(STATUS_DE, 'from')} kann nicht zu ${status(STATUS_DE, 'to')} wechseln.`,
    resolutionNoteRequired:
      'Schreiben Sie eine Lösungsnotiz: Was war die Ursache, und was hat das Problem behoben?',
    reopenReasonRequired:
      'Beschreiben Sie, was noch nicht funktioniert, damit sich der Agent darum kümmern kann.',
    claimedByPeople: 'Tickets werden von Personen übernommen.',
    lastTier: 'Level 3 ist das höchste Level.',
    firstTier: 'Level 1 ist das erste Level.',
    escalateReason: 'Begründen Sie, warum das nächste Level übernehmen soll.',
    sendBackReason: 'Begründen Sie, warum es zurückgeht.',
    messageEmpty: 'Schreiben Sie zuerst eine Nachricht oder hängen Sie eine Datei an.',
    messageTooLong: 'Nachrichten sind auf 20.000 Zeichen begrenzt.',
    notesAgentsOnly: 'Nur Agents können interne Notizen schreiben.',
    rateRequesterOnly: 'Nur die anfragende Person kann die Hilfe bewerten.',
    rateWhenClosed: 'Sie können die Hilfe bewerten, sobald das Ticket geschlossen ist.',
    rateRange: 'Wählen Sie eine Bewertung von 1 bis 5.',
    activeAgent: 'Wählen Sie einen aktiven Agent.',
    claimedBy: '{name} bearbeitet dieses Ticket bereits.',
    claimedByAnother: 'Ein anderer Agent bearbeitet dieses Ticket bereits.',
    chooseStatus: 'Wählen Sie einen Status.',
    classifyFromLists: 'Wählen Sie Auswirkung, Dringlichkeit und Kategorie aus den Listen.',
    unknownAction: 'Unbekannte Aktion.',
    storageRefused:
      'Das konnte nicht gespeichert werden: Der Speicher der IT-Hilfe ist gerade voll oder schreibgeschützt. Ihre Eingaben sind noch da; versuchen Sie es in ein paar Minuten erneut. Artikel lesen funktioniert weiterhin.',
    autoClosedNote: 'Automatisch geschlossen, {days, plural, one {# Tag} other {# Tage}} nach der Lösung.',
    incidentResolvedNote: 'Gelöst mit dem Major Incident „{title}“: {note}',
    subjectRequired: 'Geben Sie einen kurzen Betreff ein.',
    subjectShort: 'Geben Sie einen kurzen Betreff ein (mindestens 3 Zeichen).',
    subjectLong: 'Der Betreff darf höchstens 200 Zeichen lang sein; Details gehören in die Beschreibung.',
    descriptionRequired: 'Beschreiben Sie das Problem.',
    descriptionEmpty: 'Beschreiben Sie das Problem: Was ist passiert, und was haben Sie schon versucht?',
    descriptionLong:
      'Die Beschreibung ist auf 20.000 Zeichen begrenzt; hängen Sie lange Logs lieber als Datei an.',
    impactRequired: 'Wählen Sie, wer betroffen ist.',
    urgencyRequired: 'Wählen Sie, wie dringend es ist.',
    categoryUnknown: 'Wählen Sie eine Kategorie aus der Liste oder lassen Sie das Feld leer.',
    requestNotYours: 'Diese Hilfeanfrage gehört nicht Ihnen. Beginnen Sie erneut unter „Hilfe anfordern“.',
    tooManyTickets:
      'Sie haben in der letzten Stunde {limit} Tickets erstellt – mehr nimmt der Service Desk von einer Person nicht an. Ergänzen Sie eines davon oder versuchen Sie es in {minutes, plural, one {# Minute} other {# Minuten}} erneut; in einem Notfall rufen Sie den Service Desk an.',
    apiPeopleOnly:
      'Tickets werden von Personen erstellt: Melden Sie sich an oder verwenden Sie ein persönliches Konto.',
    apiJsonObject: 'Senden Sie ein JSON-Objekt mit subject und description.',
    apiCheckForm: 'Prüfen Sie das Formular.',
    apiJsonOnly: 'Senden Sie das Ticket als JSON (Content-Type: application/json).',
    apiTooLarge: 'Die Anfrage ist zu groß (höchstens 64 KB).',
    apiBadJson: 'Der Inhalt ist kein gültiges JSON.',
    apiStorageRefused:
      'Es wurde nichts gespeichert: Der Speicher der IT-Hilfe ist gerade voll oder schreibgeschützt. Senden Sie dieselbe Anfrage in ein paar Minuten erneut (mit demselben Idempotency-Key entsteht nur ein Ticket).',
    doneClaimed: 'Sie haben das Ticket übernommen.',
    doneAssigned: 'Zuweisung gespeichert.',
    doneLogged: 'Ticket für die anrufende Person erfasst.',
    doneReplied: 'Antwort gesendet: Die anfragende Person kann sie sehen.',
    doneNoted: 'Interne Notiz hinzugefügt.',
    doneStatus: 'Status geändert.',
    doneEscalated: 'An das nächste Level eskaliert.',
    doneSentBack: 'Ein Level zurückgegeben.',
    doneClassified: 'Gespeichert; Priorität und Fälligkeiten werden angepasst.',
    doneConfirmed: 'Danke! Das Ticket ist geschlossen.',
    doneReopened: 'Wieder geöffnet: Der Service Desk kümmert sich erneut darum.',
    doneRated: 'Danke für Ihre Bewertung.',
    doneSent: 'Gesendet: Der Service Desk sieht Ihre Antwort.',
    attachments: 'Anhänge',
    attachmentsOptional: '(optional)',
    acceptedFiles:
      'Hängen Sie Screenshots (PNG, JPEG, GIF, WebP), PDFs oder Textdateien wie Logs (.txt, .log, .csv, .json) an, je bis zu 10 MB und 5 pro Nachricht.',
    chooseFilesAgain: '{reason} Wählen Sie die Dateien erneut aus.',
    attachmentImage: 'Bild',
    attachmentPdf: 'PDF',
    attachmentText: 'Text',
    attachmentKb: '{size} KB',
    attachmentMb: '{size} MB',
    tooManyFiles: 'Hängen Sie höchstens {max} Dateien an eine Nachricht an (Sie haben {count} gewählt).',
    fileEmpty: '„{name}“ ist leer.',
    fileTooLarge:
      '„{name}“ ist {size} MB groß; Dateien dürfen höchstens 10 MB haben. Schneiden Sie den Screenshot zu oder hängen Sie nur das Ende des Logs an.',
    fileMismatch: `„{name}“ ist ${kind(FILE_KIND_DE, 'actual')}, nicht ${kind(FILE_KIND_DE, 'claimed')}. Benennen Sie die Datei in {extension} um oder hängen Sie die richtige Datei an.`,
    fileKindRefused:
      '„{name}“ ist kein Dateityp, den wir annehmen. Hängen Sie Screenshots (PNG, JPEG, GIF, WebP), PDFs oder Textdateien wie Logs (.txt, .log, .csv, .json) an, je bis zu 10 MB und 5 pro Nachricht.',
    fileNotWhatItSays: `„{name}“ ist nicht ${kind(FILE_KIND_DE, 'claimed')}: Der Inhalt passt nicht zum Namen.`,
    fileBinary:
      '„{name}“ ist keine Textdatei: Sie enthält Binärdaten. Packen Sie sie als ZIP oder hängen Sie stattdessen einen Screenshot an.',
    triedRejected: 'hat nicht geholfen',
    triedOpened: 'geöffnet',
    noneOpened: 'Kein vorgeschlagener Artikel wurde geöffnet.',
    suggestedNotOpened: 'Vorgeschlagen, aber nicht geöffnet ({count})',
    shownAt: 'angezeigt an Position {rank}',
  },
  it: {
    noSuchTicket: 'Questo ticket non esiste.',
    conflict:
      'Qualcun altro ha modificato questo ticket nel frattempo. Ricarichi la pagina per vedere la modifica, poi riprovi.',
    tierTooLowYou:
      'Questo ticket è nella coda del livello {ticketTier}. Lei è di livello {agentTier}: gli operatori di livello {agentTier} possono leggerlo e aggiungere note, ma deve prenderlo in carico un operatore di livello {ticketTier}.',
    tierTooLowOther:
      'Questo ticket è nella coda del livello {ticketTier}. {name} è di livello {agentTier}: gli operatori di livello {agentTier} possono leggerlo e aggiungere note, ma deve prenderlo in carico un operatore di livello {ticketTier}.',
    agentsOnly: 'Solo gli operatori possono farlo.',
    alreadyStatus: `Il ticket è già ${status(STATUS_IT, 'status')}: scelga lo stato in cui deve passare.`,
    closedTicket: 'Questo ticket è chiuso. Se il problema si ripresenta, ne apra uno nuovo.',
    badTransition: `Un ticket ${status(STATUS_IT, 'from')} non può passare a ${status(STATUS_IT, 'to')}.`,
    resolutionNoteRequired: 'Scriva una nota di risoluzione: qual era il problema e cosa lo ha risolto.',
    reopenReasonRequired: 'Ci dica cosa non funziona ancora, così l’operatore può riprenderlo in carico.',
    claimedByPeople: 'I ticket vengono presi in carico da persone.',
    lastTier: 'Il livello 3 è l’ultimo.',
    firstTier: 'Il livello 1 è il primo.',
    escalateReason: 'Indichi perché serve il livello successivo.',
    sendBackReason: 'Indichi perché torna indietro.',
    messageEmpty: 'Scriva prima un messaggio o alleghi un file.',
    messageTooLong: 'I messaggi sono limitati a 20.000 caratteri.',
    notesAgentsOnly: 'Solo gli operatori possono scrivere note interne.',
    rateRequesterOnly: 'Solo chi ha aperto la richiesta può valutare l’assistenza.',
    rateWhenClosed: 'Potrà valutare l’assistenza quando il ticket sarà chiuso.',
    rateRange: 'Scelga una valutazione da 1 a 5.',
    activeAgent: 'Scelga un operatore attivo.',
    claimedBy: '{name} ha già preso in carico questo ticket.',
    claimedByAnother: 'Un altro operatore ha già preso in carico questo ticket.',
    chooseStatus: 'Scelga uno stato.',
    classifyFromLists: 'Scelga impatto, urgenza e categoria dagli elenchi.',
    unknownAction: 'Azione sconosciuta.',
    storageRefused:
      'Impossibile salvare: lo spazio di archiviazione dell’assistenza IT è pieno o in sola lettura. Ciò che ha scritto è ancora qui; riprovi tra qualche minuto. La consultazione degli articoli funziona ancora.',
    autoClosedNote:
      'Chiuso automaticamente {days, plural, one {# giorno} other {# giorni}} dopo la risoluzione.',
    incidentResolvedNote: 'Risolto con l’incidente grave «{title}»: {note}',
    subjectRequired: 'Scriva un oggetto breve.',
    subjectShort: 'Scriva un oggetto breve (almeno 3 caratteri).',
    subjectLong: 'L’oggetto deve restare sotto i 200 caratteri; metta i dettagli nella descrizione.',
    descriptionRequired: 'Descriva il problema.',
    descriptionEmpty: 'Descriva il problema: cosa è successo e cosa ha già provato.',
    descriptionLong: 'La descrizione è limitata a 20.000 caratteri; alleghi i log lunghi come file.',
    impactRequired: 'Scelga chi è interessato.',
    urgencyRequired: 'Scelga quanto è urgente.',
    categoryUnknown: 'Scelga una categoria dall’elenco o lasci il campo vuoto.',
    requestNotYours: 'Questa richiesta di aiuto non è sua. Ricominci da «Chiedi aiuto».',
    tooManyTickets:
      'Ha aperto {limit} ticket nell’ultima ora, il massimo che il service desk accetta da una persona. Aggiunga informazioni a uno di questi o riprovi tra {minutes, plural, one {# minuto} other {# minuti}}; per un’emergenza chiami il service desk.',
    apiPeopleOnly: 'I ticket vengono aperti da persone: acceda oppure usi un account personale.',
    apiJsonObject: 'Invii un oggetto JSON con subject e description.',
    apiCheckForm: 'Controlli il modulo.',
    apiJsonOnly: 'Invii il ticket in formato JSON (Content-Type: application/json).',
    apiTooLarge: 'La richiesta è troppo grande (al massimo 64 KB).',
    apiBadJson: 'Il contenuto non è un JSON valido.',
    apiStorageRefused:
      'Non è stato salvato nulla: lo spazio di archiviazione dell’assistenza IT è pieno o in sola lettura. Invii di nuovo la stessa richiesta tra qualche minuto (con la stessa Idempotency-Key viene aperto un solo ticket).',
    doneClaimed: 'Ha preso in carico il ticket.',
    doneAssigned: 'Assegnazione salvata.',
    doneLogged: 'Ticket registrato per chi ha chiamato.',
    doneReplied: 'Risposta inviata: il richiedente può vederla.',
    doneNoted: 'Nota interna aggiunta.',
    doneStatus: 'Stato modificato.',
    doneEscalated: 'Inoltrato al livello successivo.',
    doneSentBack: 'Rimandato al livello precedente.',
    doneClassified: 'Salvato; priorità e scadenze vengono aggiornate.',
    doneConfirmed: 'Grazie! Il ticket è chiuso.',
    doneReopened: 'Riaperto: il service desk lo riprende in carico.',
    doneRated: 'Grazie per aver valutato l’assistenza.',
    doneSent: 'Inviato: il service desk vede la Sua risposta.',
    attachments: 'Allegati',
    attachmentsOptional: '(facoltativi)',
    acceptedFiles:
      'Alleghi screenshot (PNG, JPEG, GIF, WebP), PDF o file di testo come i log (.txt, .log, .csv, .json), fino a 10 MB ciascuno e 5 per messaggio.',
    chooseFilesAgain: '{reason} Selezioni di nuovo i file.',
    attachmentImage: 'immagine',
    attachmentPdf: 'PDF',
    attachmentText: 'testo',
    attachmentKb: '{size} KB',
    attachmentMb: '{size} MB',
    tooManyFiles: 'Alleghi al massimo {max} file a un messaggio (ne ha scelti {count}).',
    fileEmpty: '«{name}» è vuoto.',
    fileTooLarge:
      '«{name}» pesa {size} MB; il limite è 10 MB per file. Ritagli lo screenshot o alleghi solo la parte finale del log.',
    fileMismatch: `«{name}» è ${kind(FILE_KIND_IT, 'actual')}, non ${kind(FILE_KIND_IT, 'claimed')}. Lo rinomini in {extension} o alleghi il file giusto.`,
    fileKindRefused:
      '«{name}» non è un tipo di file che accettiamo. Alleghi screenshot (PNG, JPEG, GIF, WebP), PDF o file di testo come i log (.txt, .log, .csv, .json), fino a 10 MB ciascuno e 5 per messaggio.',
    fileNotWhatItSays: `«{name}» non è ${kind(FILE_KIND_IT, 'claimed')}: il contenuto non corrisponde al nome.`,
    fileBinary:
      '«{name}» non è un file di testo: contiene dati binari. Lo comprima in uno ZIP o alleghi invece uno screenshot.',
    triedRejected: 'non ha risolto',
    triedOpened: 'aperto',
    noneOpened: 'Nessun articolo suggerito è stato aperto.',
    suggestedNotOpened: 'Suggeriti ma non aperti ({count})',
    shownAt: 'mostrato in posizione {rank}',
  },
});
