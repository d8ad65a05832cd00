import { defineMessages } from '#lib/i18n/catalogue.ts';

/**
 * Major incidents beyond the first slice: notices (bell and mail) for affected people, the storm
 * proposal in the queue, declaring from a ticket, the managers' timeline and the reports' section.
 */
export default defineMessages({
  en: {
    // The bell
    noticeUpdate: 'Update on a major incident you are affected by',
    noticeResolved: 'A major incident you are affected by is resolved',
    noticeLine: '{message}: {subject}',
    // Mail
    mailKindUpdate: 'A major incident I am affected by has an update',
    mailWhenUpdate: 'a major incident you are affected by has an update',
    mailKindResolved: 'A major incident I am affected by is resolved',
    mailWhenResolved: 'a major incident you are affected by is resolved',
    mailSubjectUpdate: 'Major incident: {title} ({status})',
    mailSubjectResolved: 'Resolved: {title}',
    mailLeadUpdate: 'There is an update on the major incident "{title}" ({status}, {when}):',
    mailLeadResolved: 'The major incident "{title}" was resolved on {when}:',
    mailOpen: 'See every update',
    mailFooter:
      'You get this e-mail from Fixpoint, the IT help desk, because you are affected by this major incident. Choose which e-mails you get on {url}.',
    // The reports
    describeReport:
      'Major incidents declared in the period: affected people, requests deflected, tickets linked, minutes to resolve.',
    reportTitle: 'Major incidents',
    reportDefinition:
      'Incidents declared in the period. Affected: people who said "I\'m affected too". Requests deflected: help requests that ended with "I\'m affected too" instead of a ticket (the incident channel above). Time to resolve: from declared to resolved.',
    reportDeclared: 'Declared',
    reportAffected: 'Affected people',
    reportDeflected: 'Requests deflected',
    reportTickets: 'Tickets linked',
    reportMedian: 'Median time to resolve',
    reportNone: 'No major incident was declared in this period.',
    reportExport: 'Export the incidents (CSV)',
    colIncident: 'Incident',
    colDeclared: 'Declared',
    colToResolve: 'Time to resolve',
    stillOpen: 'still open',
    colAffectedToo: 'Affected too',
    // Declaring from a storm or a ticket
    declareTickets: 'Tickets to link (optional)',
    declareTicketsHint:
      'For example T-1042, T-1043: linked when the incident is declared, and resolved with it.',
    stormTitle: 'Declare an incident?',
    stormHow:
      'Several people wrote about the same thing within the last hour: their subjects share these words, several times as often as usual.',
    stormLine: '{people} people since {since}: “{words}”',
    stormCounts:
      '{tickets, plural, =0 {No ticket} one {# new ticket} other {# new tickets}}{requests, plural, =0 {} one {, and # help request without a ticket} other {, and # help requests without a ticket}}.',
    stormUsual: 'Usually about {usual} in an hour.',
    stormDeclare: 'Declare an incident and link them',
    ticketTitle: 'Major incident',
    declareFromTicket: 'Declare a major incident from this ticket',
    // After resolving
    promoteTitle: 'Turn the closing note into a KB article',
    promoteLede:
      'The linked tickets were resolved with the closing note: promote it to an FAQ draft, checked for personal data, like any resolved ticket.',
    promoteButton: 'Promote the closing note to an FAQ draft',
    // The timeline
    timelineLink: 'Timeline and numbers',
    timelineChart: 'Affected people and linked tickets over time',
    timelineLede:
      'Declared {declared}. {resolved, select, none {Still open.} other {Resolved {resolved} (after {duration}).}}',
    timelineAffectedTitle: 'Affected over time',
    colTime: 'Until',
    timelineUpdatesTitle: 'Declared and updates',
    timelineTicketsTitle: 'Linked tickets',
    colTicket: 'Ticket',
    colLinked: 'Linked',
    colStatus: 'Status',
    timelineNoTickets: 'No ticket was linked.',
    linkableTitle: 'New tickets about an open incident',
    linkableButton: '{count, plural, one {Link this ticket} other {Link these # tickets}}',
  },
  de: {
    noticeUpdate: 'Neuigkeit zu einer Störung, von der Sie betroffen sind',
    noticeResolved: 'Eine Störung, von der Sie betroffen sind, ist behoben',
    noticeLine: '{message}: {subject}',
    mailKindUpdate: 'Es gibt Neuigkeiten zu einer Störung, von der ich betroffen bin',
    mailWhenUpdate: 'es Neuigkeiten zu einer Störung gibt, von der Sie betroffen sind',
    mailKindResolved: 'Eine Störung, von der ich betroffen bin, ist behoben',
    mailWhenResolved: 'eine Störung behoben ist, von der Sie betroffen sind',
    mailSubjectUpdate: 'Größere Störung: {title} ({status})',
    mailSubjectResolved: 'Behoben: {title}',
    mailLeadUpdate: 'Es gibt Neuigkeiten zur Störung „{title}“ ({status}, {when}):',
    mailLeadResolved: 'Die Störung „{title}“ wurde am {when} behoben:',
    mailOpen: 'Alle Neuigkeiten ansehen',
    mailFooter:
      'Sie erhalten diese E-Mail von Fixpoint, der IT-Hilfe, weil Sie von dieser Störung betroffen sind. Welche E-Mails Sie erhalten, legen Sie unter {url} fest.',
    describeReport:
      'Im Zeitraum gemeldete größere Störungen: Betroffene, abgefangene Anfragen, verknüpfte Tickets, Minuten bis zur Behebung.',
    reportTitle: 'Größere Störungen',
    reportDefinition:
      'Im Zeitraum gemeldete Störungen. Betroffene: Personen, die „Ich bin auch betroffen“ geklickt haben. Abgefangene Anfragen: Hilfe-Anfragen, die mit „Ich bin auch betroffen“ statt mit einem Ticket endeten (der Kanal „Störung“ oben). Zeit bis zur Behebung: von der Meldung bis zur Behebung.',
    reportDeclared: 'Gemeldet',
    reportAffected: 'Betroffene',
    reportDeflected: 'Abgefangene Anfragen',
    reportTickets: 'Verknüpfte Tickets',
    reportMedian: 'Median bis zur Behebung',
    reportNone: 'In diesem Zeitraum wurde keine größere Störung gemeldet.',
    reportExport: 'Störungen exportieren (CSV)',
    colIncident: 'Störung',
    colDeclared: 'Gemeldet',
    colToResolve: 'Zeit bis zur Behebung',
    stillOpen: 'noch offen',
    colAffectedToo: 'Auch betroffen',
    declareTickets: 'Zu verknüpfende Tickets (optional)',
    declareTicketsHint:
      'Zum Beispiel T-1042, T-1043: Sie werden beim Melden verknüpft und mit der Störung gelöst.',
    stormTitle: 'Eine Störung melden?',
    stormHow:
      'Mehrere Personen haben in der letzten Stunde über dasselbe geschrieben: Ihre Betreffzeilen teilen diese Wörter, mehrfach so oft wie sonst.',
    stormLine: '{people} Personen seit {since}: „{words}“',
    stormCounts:
      '{tickets, plural, =0 {Kein Ticket} one {# neues Ticket} other {# neue Tickets}}{requests, plural, =0 {} one {, dazu # Hilfe-Anfrage ohne Ticket} other {, dazu # Hilfe-Anfragen ohne Ticket}}.',
    stormUsual: 'Sonst etwa {usual} pro Stunde.',
    stormDeclare: 'Störung melden und verknüpfen',
    ticketTitle: 'Größere Störung',
    declareFromTicket: 'Aus diesem Ticket eine größere Störung melden',
    promoteTitle: 'Den Abschlussvermerk zu einem Wissensartikel machen',
    promoteLede:
      'Die verknüpften Tickets wurden mit dem Abschlussvermerk gelöst: Machen Sie daraus einen FAQ-Entwurf, auf persönliche Daten geprüft wie bei jedem gelösten Ticket.',
    promoteButton: 'Abschlussvermerk als FAQ-Entwurf übernehmen',
    timelineLink: 'Verlauf und Zahlen',
    timelineChart: 'Betroffene und verknüpfte Tickets im Verlauf',
    timelineLede:
      'Gemeldet am {declared}. {resolved, select, none {Noch offen.} other {Behoben am {resolved} (nach {duration}).}}',
    timelineAffectedTitle: 'Betroffene im Verlauf',
    colTime: 'Bis',
    timelineUpdatesTitle: 'Meldung und Neuigkeiten',
    timelineTicketsTitle: 'Verknüpfte Tickets',
    colTicket: 'Ticket',
    colLinked: 'Verknüpft',
    colStatus: 'Status',
    timelineNoTickets: 'Es wurde kein Ticket verknüpft.',
    linkableTitle: 'Neue Tickets zu einer offenen Störung',
    linkableButton: '{count, plural, one {Dieses Ticket verknüpfen} other {Diese # Tickets verknüpfen}}',
  },
  it: {
    noticeUpdate: 'Aggiornamento su un disservizio grave che La riguarda',
    noticeResolved: 'Un disservizio grave che La riguarda è stato risolto',
    noticeLine: '{message}: {subject}',
    mailKindUpdate: 'Un disservizio grave che mi riguarda ha un aggiornamento',
    mailWhenUpdate: 'un disservizio grave che La riguarda ha un aggiornamento',
    mailKindResolved: 'Un disservizio grave che mi riguarda è stato risolto',
    mailWhenResolved: 'un disservizio grave che La riguarda è stato risolto',
    mailSubjectUpdate: 'Disservizio grave: {title} ({status})',
    mailSubjectResolved: 'Risolto: {title}',
    mailLeadUpdate: 'C’è un aggiornamento sul disservizio grave “{title}” ({status}, {when}):',
    mailLeadResolved: 'Il disservizio grave “{title}” è stato risolto il {when}:',
    mailOpen: 'Vedere tutti gli aggiornamenti',
    mailFooter:
      'Riceve questa email da Fixpoint, l’assistenza IT, perché questo disservizio grave La riguarda. Può scegliere quali email ricevere su {url}.',
    describeReport:
      'Disservizi gravi segnalati nel periodo: persone coinvolte, richieste evitate, ticket collegati, minuti alla risoluzione.',
    reportTitle: 'Disservizi gravi',
    reportDefinition:
      'Disservizi segnalati nel periodo. Persone coinvolte: chi ha cliccato “Riguarda anche me”. Richieste evitate: richieste di aiuto concluse con “Riguarda anche me” invece che con un ticket (il canale “disservizio” qui sopra). Tempo di risoluzione: dalla segnalazione alla risoluzione.',
    reportDeclared: 'Segnalati',
    reportAffected: 'Persone coinvolte',
    reportDeflected: 'Richieste evitate',
    reportTickets: 'Ticket collegati',
    reportMedian: 'Tempo mediano di risoluzione',
    reportNone: 'Nessun disservizio grave è stato segnalato in questo periodo.',
    reportExport: 'Esporta i disservizi (CSV)',
    colIncident: 'Disservizio',
    colDeclared: 'Segnalato',
    colToResolve: 'Tempo di risoluzione',
    stillOpen: 'ancora aperto',
    colAffectedToo: 'Riguarda anche me',
    declareTickets: 'Ticket da collegare (facoltativo)',
    declareTicketsHint:
      'Per esempio T-1042, T-1043: vengono collegati alla segnalazione e risolti insieme al disservizio.',
    stormTitle: 'Segnalare un disservizio?',
    stormHow:
      'Nell’ultima ora più persone hanno scritto della stessa cosa: i loro oggetti condividono queste parole, molte più volte del solito.',
    stormLine: '{people} persone dal {since}: «{words}»',
    stormCounts:
      '{tickets, plural, =0 {Nessun ticket} one {# nuovo ticket} other {# nuovi ticket}}{requests, plural, =0 {} one {, più # richiesta di aiuto senza ticket} other {, più # richieste di aiuto senza ticket}}.',
    stormUsual: 'Di solito circa {usual} all’ora.',
    stormDeclare: 'Segnalare il disservizio e collegarli',
    ticketTitle: 'Disservizio grave',
    declareFromTicket: 'Segnalare un disservizio grave da questo ticket',
    promoteTitle: 'Trasformare la nota di chiusura in un articolo',
    promoteLede:
      'I ticket collegati sono stati risolti con la nota di chiusura: la trasformi in una bozza di FAQ, controllata per i dati personali come per ogni ticket risolto.',
    promoteButton: 'Trasformare la nota di chiusura in bozza di FAQ',
    timelineLink: 'Cronologia e numeri',
    timelineChart: 'Persone coinvolte e ticket collegati nel tempo',
    timelineLede:
      'Segnalato il {declared}. {resolved, select, none {Ancora aperto.} other {Risolto il {resolved} (dopo {duration}).}}',
    timelineAffectedTitle: 'Persone coinvolte nel tempo',
    colTime: 'Fino a',
    timelineUpdatesTitle: 'Segnalazione e aggiornamenti',
    timelineTicketsTitle: 'Ticket collegati',
    colTicket: 'Ticket',
    colLinked: 'Collegato',
    colStatus: 'Stato',
    timelineNoTickets: 'Nessun ticket è stato collegato.',
    linkableTitle: 'Nuovi ticket su un disservizio aperto',
    linkableButton: '{count, plural, one {Collegare questo ticket} other {Collegare questi # ticket}}',
  },
});
