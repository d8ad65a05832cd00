import { defineMessages } from '#lib/i18n/catalogue.ts';

/**
 * Mail's second round (issue 16): "This solved it" from an acknowledgement and its page, replies by
 * mail from people who may not answer on a ticket, bounced addresses, and the SLA warning.
 */
export default defineMessages({
  en: {
    solvedLink: 'This solved it — close my request',
    solvedTitle: 'Close your request',
    solvedAsk: 'Did this article solve your problem?',
    solvedConfirmText:
      'If you confirm, your request {ticket} "{subject}" is closed as solved by the article below. Nobody at the service desk needs to work on it any more.',
    solvedArticle: 'The article: {title}',
    solvedButton: 'Yes, it solved it: close my request',
    solvedKeepOpen: 'No, keep my request open',
    solvedDone: 'Your request is closed',
    solvedDoneText:
      'Thank you: {ticket} "{subject}" is closed as solved by the article. The article helps others too.',
    solvedStillWrong: 'Not fixed after all? Open a new request on {link}.',
    solvedHelpLink: 'the help page',
    solvedInvalid: 'This link does not work',
    solvedInvalidText:
      'The link is incomplete or was changed. Open it again from the e-mail, or see your requests on {link}.',
    solvedExpired: 'This link has expired',
    solvedExpiredText:
      'Links in the acknowledgement work for {days} days. See your request and close it yourself on {link}.',
    solvedUsed: 'This link was already used',
    solvedUsedText: 'Your request {ticket} is already closed. Each link works once.',
    solvedClosed: 'This request is already closed',
    solvedClosedText: 'Your request {ticket} was closed in the meantime: nothing more to do.',
    solvedRequestsLink: 'your requests page',
    resolutionNote:
      'Solved by the article "{title}": the requester confirmed it from the acknowledgement e-mail.',
    strangerText:
      'Your e-mail answers the request {ticket}, which is not yours: only its requester, the colleagues they copied and the service desk can answer on it. Your message was not added.',
    strangerHelp: 'If you need help yourself, please open a request of your own.',
    strangerNew: 'Open a request',
    bellClosedRequest: 'Your request was closed',
    bellSlaWarning: 'The SLA of this ticket is about to be missed',
    kindClosed: 'A ticket is closed (my request, or one I worked on whose requester confirmed the fix)',
    whenClosed: 'a ticket is closed (my request, or one I worked on whose requester confirmed the fix)',
    kindSlaWarning: 'A ticket of mine (or of my tier, unassigned) is about to miss its SLA',
    whenSlaWarning: 'a ticket of mine (or of my tier, unassigned) is about to miss its SLA',
    subjectClosedRequest: 'Closed: {subject}',
    leadClosedRequest:
      'Your request {ticket} "{subject}" was closed on {when}. If the problem comes back, open a new request and mention {ticket}.',
    subjectSlaWarning: 'SLA about to be missed: {subject}',
    leadSlaWarning:
      'The {target} of ticket {ticket} "{subject}" is due {due}. It passed its amber time on {when}.',
    targetFirstResponse: 'first response',
    targetResolution: 'resolution',
    adminKindSlaWarning: 'SLA warning',
    failingTitle: 'Mail to this address bounces',
    failingText:
      'Mail to {email} bounced for good on {date}. Fixpoint does not mail it until the address changes or you clear this.',
    failingReason: 'What the mail server answered:',
    failingClear: 'Mail this address again',
    failingCleared: 'Fixpoint mails {email} again.',
    notFailing: 'This address is not marked as bouncing.',
    actionMailFailingCleared: 'Bounced address cleared',
    crossSiteRefused: 'A form sent from another site is refused here.',
  },
  de: {
    solvedLink: 'Das hat geholfen – Anfrage schließen',
    solvedTitle: 'Anfrage schließen',
    solvedAsk: 'Hat dieser Artikel Ihr Problem gelöst?',
    solvedConfirmText:
      'Wenn Sie bestätigen, wird Ihre Anfrage {ticket} „{subject}“ als durch den Artikel unten gelöst geschlossen. Der Service Desk muss sich dann nicht mehr darum kümmern.',
    solvedArticle: 'Der Artikel: {title}',
    solvedButton: 'Ja, das hat geholfen: Anfrage schließen',
    solvedKeepOpen: 'Nein, Anfrage offen lassen',
    solvedDone: 'Ihre Anfrage ist geschlossen',
    solvedDoneText:
      'Vielen Dank: {ticket} „{subject}“ ist als durch den Artikel gelöst geschlossen. Der Artikel hilft auch anderen.',
    solvedStillWrong: 'Doch nicht behoben? Stellen Sie eine neue Anfrage auf {link}.',
    solvedHelpLink: 'der Hilfeseite',
    solvedInvalid: 'Dieser Link funktioniert nicht',
    solvedInvalidText:
      'Der Link ist unvollständig oder wurde verändert. Öffnen Sie ihn erneut aus der E-Mail, oder sehen Sie Ihre Anfragen auf {link} an.',
    solvedExpired: 'Dieser Link ist abgelaufen',
    solvedExpiredText:
      'Links in der Eingangsbestätigung gelten {days} Tage lang. Sie können Ihre Anfrage auf {link} ansehen und selbst schließen.',
    solvedUsed: 'Dieser Link wurde bereits verwendet',
    solvedUsedText: 'Ihre Anfrage {ticket} ist bereits geschlossen. Jeder Link funktioniert einmal.',
    solvedClosed: 'Diese Anfrage ist bereits geschlossen',
    solvedClosedText: 'Ihre Anfrage {ticket} wurde inzwischen geschlossen: Es ist nichts mehr zu tun.',
    solvedRequestsLink: 'der Seite Ihrer Anfragen',
    resolutionNote:
      'Gelöst durch den Artikel „{title}“: Die anfragende Person hat es aus der Eingangsbestätigung heraus bestätigt.',
    strangerText:
      'Ihre E-Mail antwortet auf die Anfrage {ticket}, die nicht Ihre ist: Nur die anfragende Person, die von ihr in Kopie gesetzten Kolleginnen und Kollegen und der Service Desk können darauf antworten. Ihre Nachricht wurde nicht hinzugefügt.',
    strangerHelp: 'Wenn Sie selbst Hilfe brauchen, stellen Sie bitte eine eigene Anfrage.',
    strangerNew: 'Anfrage stellen',
    bellClosedRequest: 'Ihre Anfrage wurde geschlossen',
    bellSlaWarning: 'Die SLA dieses Tickets wird bald verfehlt',
    kindClosed:
      'Ein Ticket wird geschlossen (meine Anfrage, oder eines, an dem ich gearbeitet habe und dessen Lösung bestätigt wurde)',
    whenClosed:
      'ein Ticket geschlossen wird (meine Anfrage, oder eines, an dem ich gearbeitet habe und dessen Lösung bestätigt wurde)',
    kindSlaWarning: 'Ein Ticket von mir (oder meiner Stufe, nicht zugewiesen) verfehlt bald seine SLA',
    whenSlaWarning: 'ein Ticket von mir (oder meiner Stufe, nicht zugewiesen) bald seine SLA verfehlt',
    subjectClosedRequest: 'Geschlossen: {subject}',
    leadClosedRequest:
      'Ihre Anfrage {ticket} „{subject}“ wurde am {when} geschlossen. Wenn das Problem wiederkommt, stellen Sie eine neue Anfrage und nennen Sie {ticket}.',
    subjectSlaWarning: 'SLA wird bald verfehlt: {subject}',
    leadSlaWarning:
      'Die {target} des Tickets {ticket} „{subject}“ ist fällig am {due}. Die Warnschwelle wurde am {when} überschritten.',
    targetFirstResponse: 'erste Antwort',
    targetResolution: 'Lösung',
    adminKindSlaWarning: 'SLA-Warnung',
    failingTitle: 'E-Mails an diese Adresse kommen zurück',
    failingText:
      'E-Mails an {email} kamen am {date} endgültig zurück. Fixpoint schreibt diese Adresse nicht mehr an, bis sie sich ändert oder Sie diese Markierung aufheben.',
    failingReason: 'Antwort des Mailservers:',
    failingClear: 'Diese Adresse wieder anschreiben',
    failingCleared: 'Fixpoint schreibt {email} wieder an.',
    notFailing: 'Diese Adresse ist nicht als unzustellbar markiert.',
    actionMailFailingCleared: 'Unzustellbare Adresse freigegeben',
    crossSiteRefused: 'Ein Formular, das von einer anderen Website gesendet wurde, wird hier abgelehnt.',
  },
  it: {
    solvedLink: 'Questo ha risolto – chiudi la mia richiesta',
    solvedTitle: 'Chiudere la richiesta',
    solvedAsk: 'Questo articolo ha risolto il Suo problema?',
    solvedConfirmText:
      'Se conferma, la Sua richiesta {ticket} «{subject}» viene chiusa come risolta dall’articolo qui sotto. Il service desk non dovrà più occuparsene.',
    solvedArticle: 'L’articolo: {title}',
    solvedButton: 'Sì, ha risolto: chiudi la richiesta',
    solvedKeepOpen: 'No, lascia aperta la richiesta',
    solvedDone: 'La Sua richiesta è chiusa',
    solvedDoneText:
      'Grazie: {ticket} «{subject}» è chiusa come risolta dall’articolo. L’articolo aiuta anche altri.',
    solvedStillWrong: 'Il problema non è risolto? Apra una nuova richiesta su {link}.',
    solvedHelpLink: 'la pagina di aiuto',
    solvedInvalid: 'Questo link non funziona',
    solvedInvalidText:
      'Il link è incompleto o è stato modificato. Lo apra di nuovo dall’e-mail, oppure veda le Sue richieste su {link}.',
    solvedExpired: 'Questo link è scaduto',
    solvedExpiredText:
      'I link nella conferma di ricezione valgono {days} giorni. Può vedere la Sua richiesta e chiuderla Lei stesso su {link}.',
    solvedUsed: 'Questo link è già stato usato',
    solvedUsedText: 'La Sua richiesta {ticket} è già chiusa. Ogni link funziona una volta sola.',
    solvedClosed: 'Questa richiesta è già chiusa',
    solvedClosedText: 'La Sua richiesta {ticket} è stata chiusa nel frattempo: non c’è altro da fare.',
    solvedRequestsLink: 'la pagina delle Sue richieste',
    resolutionNote:
      'Risolto dall’articolo «{title}»: il richiedente lo ha confermato dalla conferma di ricezione via e-mail.',
    strangerText:
      'La Sua e-mail risponde alla richiesta {ticket}, che non è Sua: possono rispondere solo il richiedente, i colleghi che ha messo in copia e il service desk. Il Suo messaggio non è stato aggiunto.',
    strangerHelp: 'Se ha bisogno di aiuto, apra una richiesta Sua.',
    strangerNew: 'Apri una richiesta',
    bellClosedRequest: 'La Sua richiesta è stata chiusa',
    bellSlaWarning: 'Lo SLA di questo ticket sta per essere mancato',
    kindClosed:
      'Un ticket viene chiuso (una mia richiesta, o uno su cui ho lavorato e la cui soluzione è stata confermata)',
    whenClosed:
      'un ticket viene chiuso (una mia richiesta, o uno su cui ho lavorato e la cui soluzione è stata confermata)',
    kindSlaWarning: 'Un mio ticket (o del mio livello, non assegnato) sta per mancare lo SLA',
    whenSlaWarning: 'un mio ticket (o del mio livello, non assegnato) sta per mancare lo SLA',
    subjectClosedRequest: 'Chiusa: {subject}',
    leadClosedRequest:
      'La Sua richiesta {ticket} «{subject}» è stata chiusa il {when}. Se il problema si ripresenta, apra una nuova richiesta e citi {ticket}.',
    subjectSlaWarning: 'SLA in scadenza: {subject}',
    leadSlaWarning:
      'La scadenza per la {target} del ticket {ticket} «{subject}» è il {due}. La soglia di avviso è stata superata il {when}.',
    targetFirstResponse: 'prima risposta',
    targetResolution: 'risoluzione',
    adminKindSlaWarning: 'Avviso SLA',
    failingTitle: 'Le e-mail a questo indirizzo tornano indietro',
    failingText:
      'Le e-mail a {email} sono tornate indietro definitivamente il {date}. Fixpoint non scrive più a questo indirizzo finché non cambia o finché Lei non toglie questo segno.',
    failingReason: 'Risposta del server di posta:',
    failingClear: 'Scrivere di nuovo a questo indirizzo',
    failingCleared: 'Fixpoint scrive di nuovo a {email}.',
    notFailing: 'Questo indirizzo non è segnato come non recapitabile.',
    actionMailFailingCleared: 'Indirizzo non recapitabile sbloccato',
    crossSiteRefused: 'Un modulo inviato da un altro sito viene rifiutato qui.',
  },
});
