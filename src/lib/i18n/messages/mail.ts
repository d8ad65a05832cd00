import { defineMessages } from '#lib/i18n/catalogue.ts';

/**
 * Mail Fixpoint sends (notifications, acknowledgements, refusals, password reset), the kinds of mail a
 * person can turn off, and the unsubscribe page. Ticket tags ("[T-12]") and numbers ("T-12") arrive
 * as text, so they are never formatted as numbers.
 */
export default defineMessages({
  en: {
    kindReply: 'An agent replies to my request',
    kindResolved: 'My request is resolved (with a link to confirm or reopen it)',
    kindAssigned: 'A ticket is assigned to me',
    kindRequesterReply: 'A requester answers on my ticket',
    kindReopened: 'A requester reopens my ticket',
    whenReply: 'an agent replies to my request',
    whenResolved: 'my request is resolved (with a link to confirm or reopen it)',
    whenAssigned: 'a ticket is assigned to me',
    whenRequesterReply: 'a requester answers on my ticket',
    whenReopened: 'a requester reopens my ticket',
    unsubscribeTitle: 'E-mail notifications',
    unsubscribeInvalid: 'This link does not work',
    unsubscribeInstead: 'Choose which e-mails you get on {link} instead.',
    accountPageLink: 'your account page',
    unsubscribeAsk: 'Stop these e-mails?',
    unsubscribeConfirm:
      'Fixpoint will no longer e-mail {email} when: {what}. The bell in the portal still shows it.',
    unsubscribeButton: 'Stop these e-mails',
    unsubscribeDone: 'Done',
    unsubscribeDoneText: 'No more e-mails to {email} when: {what}.',
    unsubscribeUndo: 'Changed your mind? Turn it back on on {link}.',
    greeting: 'Hello {name},',
    stopThese: 'Stop these e-mails',
    theServiceDesk: 'The service desk',
    openRequest: 'Open your request',
    openTicket: 'Open the ticket',
    subjectReply: 'New reply: {subject}',
    leadReply: '{actor} replied to your request {ticket} "{subject}" on {when}:',
    subjectResolved: 'Resolved: {subject}',
    leadResolved:
      '{actor} resolved your request {ticket} "{subject}" on {when}.{note, select, yes { The resolution:} other {}}',
    askFixed: 'Is it fixed? Please tell us on the request page:',
    confirmFixed: 'Yes, it is fixed: confirm',
    reopen: 'No, it is still broken: reopen it',
    subjectAssigned: 'Assigned to you: {subject}',
    leadAssigned: '{actor} assigned ticket {ticket} "{subject}" to you on {when}.',
    subjectRequesterReply: 'The requester answered: {subject}',
    leadRequesterReply: '{actor} answered on ticket {ticket} "{subject}" on {when}:',
    subjectReopened: 'Reopened: {subject}',
    leadReopened:
      '{actor} reopened ticket {ticket} "{subject}" on {when}.{note, select, yes { Their reason:} other {}}',
    subjectClosed: 'Confirmed fixed: {subject}',
    leadClosed: '{actor} confirmed on {when} that ticket {ticket} "{subject}" is fixed. It is closed.',
    notificationFooter:
      'You get this e-mail from Fixpoint, the IT help desk, about ticket {ticket}. Choose which e-mails you get on {url}.',
    resetSubject: 'Reset your Fixpoint password',
    resetIntro:
      'Someone asked to reset the password of your Fixpoint account. To choose a new one, open this link:',
    resetButton: 'Choose a new password',
    resetNote:
      'The link works once, for {minutes} minutes. Setting a new password signs you out everywhere. If you did not ask for this, ignore this e-mail: your password stays as it is.',
    resetFooter: 'You get this e-mail because a password reset was asked for on the Fixpoint sign-in page.',
    ackSubject: 'Received: {subject}',
    ackText:
      'We received your request and opened ticket {ticket}: "{subject}". An agent will answer by e-mail; reply to this e-mail to add anything.',
    ackAttachments: 'We could not keep your attachments: {problem}',
    ackSuggestions: 'These articles may already solve it:',
    ackFollow: 'Follow your request',
    inboundFooter: 'You get this e-mail because you wrote to the IT service desk.',
    refusalText:
      'The IT service desk only takes requests from company e-mail addresses, so your message was not filed.',
    refusalHelp: 'If you work here, write from your work address, or call the service desk on +1 555 0100.',
  },
  de: {
    kindReply: 'Ein Agent antwortet auf meine Anfrage',
    kindResolved: 'Meine Anfrage ist gelöst (mit Link zum Bestätigen oder Wiedereröffnen)',
    kindAssigned: 'Mir wird ein Ticket zugewiesen',
    kindRequesterReply: 'Die anfragende Person antwortet auf mein Ticket',
    kindReopened: 'Die anfragende Person öffnet mein Ticket wieder',
    whenReply: 'ein Agent auf meine Anfrage antwortet',
    whenResolved: 'meine Anfrage gelöst ist (mit Link zum Bestätigen oder Wiedereröffnen)',
    whenAssigned: 'mir ein Ticket zugewiesen wird',
    whenRequesterReply: 'die anfragende Person auf mein Ticket antwortet',
    whenReopened: 'die anfragende Person mein Ticket wieder öffnet',
    unsubscribeTitle: 'E-Mail-Benachrichtigungen',
    unsubscribeInvalid: 'Dieser Link funktioniert nicht',
    unsubscribeInstead: 'Wählen Sie stattdessen auf {link}, welche E-Mails Sie erhalten.',
    accountPageLink: 'Ihrer Kontoseite',
    unsubscribeAsk: 'Diese E-Mails abbestellen?',
    unsubscribeConfirm:
      'Fixpoint sendet keine E-Mail mehr an {email}, wenn {what}. Die Glocke im Portal zeigt es weiterhin an.',
    unsubscribeButton: 'E-Mails abbestellen',
    unsubscribeDone: 'Erledigt',
    unsubscribeDoneText: 'Keine E-Mails mehr an {email}, wenn {what}.',
    unsubscribeUndo: 'Doch anders entschieden? Schalten Sie es auf {link} wieder ein.',
    greeting: 'Guten Tag {name},',
    stopThese: 'Diese E-Mails abbestellen',
    theServiceDesk: 'Der Service Desk',
    openRequest: 'Anfrage öffnen',
    openTicket: 'Ticket öffnen',
    subjectReply: 'Neue Antwort: {subject}',
    leadReply: '{actor} hat am {when} auf Ihre Anfrage {ticket} „{subject}“ geantwortet:',
    subjectResolved: 'Gelöst: {subject}',
    leadResolved:
      '{actor} hat Ihre Anfrage {ticket} „{subject}“ am {when} gelöst.{note, select, yes { Die Lösung:} other {}}',
    askFixed: 'Ist das Problem behoben? Bitte sagen Sie es uns auf der Seite der Anfrage:',
    confirmFixed: 'Ja, es ist behoben: bestätigen',
    reopen: 'Nein, es geht immer noch nicht: wieder öffnen',
    subjectAssigned: 'Ihnen zugewiesen: {subject}',
    leadAssigned: '{actor} hat Ihnen am {when} das Ticket {ticket} „{subject}“ zugewiesen.',
    subjectRequesterReply: 'Antwort der anfragenden Person: {subject}',
    leadRequesterReply: '{actor} hat am {when} auf das Ticket {ticket} „{subject}“ geantwortet:',
    subjectReopened: 'Wieder geöffnet: {subject}',
    leadReopened:
      '{actor} hat das Ticket {ticket} „{subject}“ am {when} wieder geöffnet.{note, select, yes { Die Begründung:} other {}}',
    subjectClosed: 'Lösung bestätigt: {subject}',
    leadClosed:
      '{actor} hat am {when} bestätigt, dass das Ticket {ticket} „{subject}“ gelöst ist. Es ist geschlossen.',
    notificationFooter:
      'Sie erhalten diese E-Mail von Fixpoint, der IT-Hilfe, zum Ticket {ticket}. Welche E-Mails Sie erhalten, legen Sie unter {url} fest.',
    resetSubject: 'Ihr Fixpoint-Kennwort zurücksetzen',
    resetIntro:
      'Jemand hat angefordert, das Kennwort Ihres Fixpoint-Kontos zurückzusetzen. Um ein neues festzulegen, öffnen Sie diesen Link:',
    resetButton: 'Neues Kennwort festlegen',
    resetNote:
      'Der Link gilt einmal, {minutes} Minuten lang. Mit einem neuen Kennwort werden Sie überall abgemeldet. Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Kennwort bleibt unverändert.',
    resetFooter:
      'Sie erhalten diese E-Mail, weil auf der Anmeldeseite von Fixpoint ein neues Kennwort angefordert wurde.',
    ackSubject: 'Eingegangen: {subject}',
    ackText:
      'Wir haben Ihre Anfrage erhalten und das Ticket {ticket} eröffnet: „{subject}“. Ein Agent antwortet Ihnen per E-Mail; antworten Sie auf diese E-Mail, um etwas zu ergänzen.',
    ackAttachments: 'Ihre Anhänge konnten wir nicht übernehmen: {problem}',
    ackSuggestions: 'Diese Artikel lösen das Problem vielleicht schon:',
    ackFollow: 'Anfrage verfolgen',
    inboundFooter: 'Sie erhalten diese E-Mail, weil Sie dem IT-Service-Desk geschrieben haben.',
    refusalText:
      'Der IT-Service-Desk nimmt Anfragen nur von Firmen-E-Mail-Adressen an, daher wurde Ihre Nachricht nicht erfasst.',
    refusalHelp:
      'Wenn Sie hier arbeiten, schreiben Sie von Ihrer geschäftlichen Adresse oder rufen Sie den Service Desk an: +1 555 0100.',
  },
  it: {
    kindReply: 'Un agente risponde alla mia richiesta',
    kindResolved: 'La mia richiesta è risolta (con un link per confermare o riaprire)',
    kindAssigned: 'Mi viene assegnato un ticket',
    kindRequesterReply: 'Un richiedente risponde su un mio ticket',
    kindReopened: 'Un richiedente riapre un mio ticket',
    whenReply: 'un agente risponde alla mia richiesta',
    whenResolved: 'la mia richiesta è risolta (con un link per confermare o riaprire)',
    whenAssigned: 'mi viene assegnato un ticket',
    whenRequesterReply: 'un richiedente risponde su un mio ticket',
    whenReopened: 'un richiedente riapre un mio ticket',
    unsubscribeTitle: 'Notifiche email',
    unsubscribeInvalid: 'Questo link non funziona',
    unsubscribeInstead: 'Scelga invece quali email ricevere dalla {link}.',
    accountPageLink: 'pagina del Suo account',
    unsubscribeAsk: 'Non ricevere più queste email?',
    unsubscribeConfirm:
      'Fixpoint non invierà più email a {email} quando {what}. La campanella nel portale continuerà a mostrarlo.',
    unsubscribeButton: 'Interrompi queste email',
    unsubscribeDone: 'Fatto',
    unsubscribeDoneText: 'Non verranno più inviate email a {email} quando {what}.',
    unsubscribeUndo: 'Ha cambiato idea? Può riattivarle dalla {link}.',
    greeting: 'Gentile {name},',
    stopThese: 'Non ricevere più queste email',
    theServiceDesk: 'Il service desk',
    openRequest: 'Apri la richiesta',
    openTicket: 'Apri il ticket',
    subjectReply: 'Nuova risposta: {subject}',
    leadReply: '{actor} ha risposto alla Sua richiesta {ticket} “{subject}” il {when}:',
    subjectResolved: 'Risolta: {subject}',
    leadResolved:
      '{actor} ha risolto la Sua richiesta {ticket} “{subject}” il {when}.{note, select, yes { La soluzione:} other {}}',
    askFixed: 'Il problema è risolto? Ce lo indichi nella pagina della richiesta:',
    confirmFixed: 'Sì, è risolto: conferma',
    reopen: 'No, non funziona ancora: riapri',
    subjectAssigned: 'Assegnato a Lei: {subject}',
    leadAssigned: '{actor} Le ha assegnato il ticket {ticket} “{subject}” il {when}.',
    subjectRequesterReply: 'Il richiedente ha risposto: {subject}',
    leadRequesterReply: '{actor} ha risposto sul ticket {ticket} “{subject}” il {when}:',
    subjectReopened: 'Riaperto: {subject}',
    leadReopened:
      '{actor} ha riaperto il ticket {ticket} “{subject}” il {when}.{note, select, yes { Il motivo:} other {}}',
    subjectClosed: 'Soluzione confermata: {subject}',
    leadClosed: '{actor} ha confermato il {when} che il ticket {ticket} “{subject}” è risolto. Ora è chiuso.',
    notificationFooter:
      'Riceve questa email da Fixpoint, l’assistenza IT, in merito al ticket {ticket}. Può scegliere quali email ricevere su {url}.',
    resetSubject: 'Reimpostazione della password di Fixpoint',
    resetIntro:
      'È stata richiesta la reimpostazione della password del Suo account Fixpoint. Per sceglierne una nuova, apra questo link:',
    resetButton: 'Scegli una nuova password',
    resetNote:
      'Il link vale una sola volta, per {minutes} minuti. Con una nuova password tutte le Sue sessioni vengono chiuse. Se non l’ha richiesto Lei, ignori questa email: la password resta invariata.',
    resetFooter:
      'Riceve questa email perché nella pagina di accesso di Fixpoint è stata richiesta la reimpostazione della password.',
    ackSubject: 'Ricevuta: {subject}',
    ackText:
      'Abbiamo ricevuto la Sua richiesta e aperto il ticket {ticket}: “{subject}”. Un agente Le risponderà via email; risponda a questa email per aggiungere altro.',
    ackAttachments: 'Non è stato possibile conservare i Suoi allegati: {problem}',
    ackSuggestions: 'Questi articoli potrebbero già risolvere il problema:',
    ackFollow: 'Segui la richiesta',
    inboundFooter: 'Riceve questa email perché ha scritto al service desk IT.',
    refusalText:
      'Il service desk IT accetta richieste solo da indirizzi email aziendali, quindi il Suo messaggio non è stato registrato.',
    refusalHelp:
      'Se lavora qui, scriva dal Suo indirizzo di lavoro oppure chiami il service desk al numero +1 555 0100.',
  },
});
