import { defineMessages } from '#lib/i18n/catalogue.ts';

/** /notifications and what a notification says, worded when it is read (old ones follow the reader's language too). */
export default defineMessages({
  en: {
    markAllRead: 'Mark all as read',
    empty: 'Nothing yet. Replies to your requests, resolutions and tickets assigned to you show up here.',
    line: '{message} on T-{number}: {subject}',
    unread: ' (unread)',
    serviceDesk: 'The service desk',
    reply: '{actor} replied',
    resolved: '{actor} resolved your request: is it fixed?',
    assigned: '{actor} assigned the ticket to you',
    requesterReply: '{actor} replied',
    reopened: '{actor} reopened the ticket',
    closed: '{actor} confirmed the fix',
  },
  de: {
    markAllRead: 'Alle als gelesen markieren',
    empty:
      'Noch nichts da. Antworten auf Ihre Anfragen, Lösungen und Ihnen zugewiesene Tickets erscheinen hier.',
    line: '{message} · T-{number}: {subject}',
    unread: ' (ungelesen)',
    serviceDesk: 'Der Service Desk',
    reply: '{actor} hat geantwortet',
    resolved: '{actor} hat Ihre Anfrage gelöst: Ist das Problem behoben?',
    assigned: '{actor} hat Ihnen das Ticket zugewiesen',
    requesterReply: '{actor} hat geantwortet',
    reopened: '{actor} hat das Ticket wieder geöffnet',
    closed: '{actor} hat die Lösung bestätigt',
  },
  it: {
    markAllRead: 'Segna tutte come lette',
    empty:
      'Ancora niente. Qui compaiono le risposte alle Sue richieste, le soluzioni e i ticket assegnati a Lei.',
    line: '{message} · T-{number}: {subject}',
    unread: ' (non letta)',
    serviceDesk: 'Il service desk',
    reply: '{actor} ha risposto',
    resolved: '{actor} ha risolto la Sua richiesta: il problema è risolto?',
    assigned: '{actor} Le ha assegnato il ticket',
    requesterReply: '{actor} ha risposto',
    reopened: '{actor} ha riaperto il ticket',
    closed: '{actor} ha confermato la soluzione',
  },
});
