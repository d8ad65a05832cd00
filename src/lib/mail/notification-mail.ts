import { getUserById, type User } from '#lib/auth/users.ts';
import { sql, type Db } from '#lib/db/db.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import { i18nForRecipient } from '#lib/i18n/recipient.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';
import {
  listNotificationsAfter,
  type PendingIncidentNotification,
  type PendingTicketNotification,
} from '#lib/notifications/notifications.ts';
import { getIncidentUpdateAt } from '#lib/incidents/incidents.ts';
import { getTicketByNumber } from '#lib/tickets/tickets.ts';
import { getSlaWarning, getTimeline } from '#lib/tickets/workflow.ts';
import { composeMail, type MailPart } from './compose.ts';
import { messageAttachmentFiles } from '#lib/tickets/attachments.ts';
import { signLink } from './links.ts';
import { replyAddressFor } from './reply-address.ts';
import { enqueueMail, senderDomain } from './outbox.ts';
import { wantsMail } from './preferences.ts';

export type NotificationMailSettings = { from: string; publicUrl: string };

/** Notifications older than this when the notifier first sees them are history (an import), not news. */
const STALE_MS = 24 * 60 * 60_000;

/** The words a mail is built from: subject, what happened, the text it quotes, where to act. */
type Wording = { subject: string; lead: string; quote: string | null; parts: MailPart[] };

const ticketTag = (n: PendingTicketNotification) => `[T-${n.ticketNumber}]`;

/** The public message the notification is about (a reply's text, a resolution note), when there is one. */
function messageBody(db: Db, n: PendingTicketNotification): string | null {
  return messageEvent(db, n)?.body ?? null;
}

function messageEvent(db: Db, n: PendingTicketNotification) {
  const events = getTimeline(db, n.ticketId, { includeInternal: false });
  return events.findLast((e) => e.at === n.at && e.actorId === n.actorId && (e.body || e.type === 'reply'));
}

/** The public files of the reply a notification is about: they go with the mail (never a note's). */
function replyAttachments(db: Db, n: PendingTicketNotification) {
  if (n.kind !== 'reply' && n.kind !== 'requester_reply') return [];
  const event = messageEvent(db, n);
  return event && event.type === 'reply' && !event.internal
    ? messageAttachmentFiles(db, event.id).map(({ fileName, mediaType, storedName }) => ({
        fileName,
        mediaType,
        storedName,
      }))
    : [];
}

function wordingFor(db: Db, n: PendingTicketNotification, base: string, i18n: I18n): Wording {
  const { t } = i18n;
  const requestUrl = `${base}/requests/${n.ticketNumber}`;
  const agentUrl = `${base}/agent/tickets/${n.ticketNumber}`;
  const quote = messageBody(db, n);
  // The moment it happened, in the recipient's language and time zone.
  const about = {
    actor: n.actorName ?? t('mail.theServiceDesk'),
    ticket: `T-${n.ticketNumber}`,
    subject: n.subject,
    when: i18n.dateTime(n.at),
    note: quote ? 'yes' : 'no',
  };
  const subject = (key: MessageKey) => `${ticketTag(n)} ${t(key, { subject: n.subject })}`;
  const openTicket: MailPart[] = [{ kind: 'button', label: t('mail.openTicket'), url: agentUrl }];
  switch (n.kind) {
    case 'reply':
      return {
        subject: subject('mail.subjectReply'),
        lead: t('mail.leadReply', about),
        quote,
        parts: [{ kind: 'button', label: t('mail.openRequest'), url: requestUrl }],
      };
    case 'resolved':
      return {
        subject: subject('mail.subjectResolved'),
        lead: t('mail.leadResolved', about),
        quote,
        parts: [
          { kind: 'paragraph', text: t('mail.askFixed') },
          { kind: 'button', label: t('mail.confirmFixed'), url: `${requestUrl}#fixed-title` },
          { kind: 'links', items: [{ label: t('mail.reopen'), url: `${requestUrl}#fixed-title` }] },
        ],
      };
    case 'assigned':
      return {
        subject: subject('mail.subjectAssigned'),
        lead: t('mail.leadAssigned', about),
        quote: null,
        parts: openTicket,
      };
    case 'requester_reply':
      return {
        subject: subject('mail.subjectRequesterReply'),
        lead: t('mail.leadRequesterReply', about),
        quote,
        parts: openTicket,
      };
    case 'reopened':
      return {
        subject: subject('mail.subjectReopened'),
        lead: t('mail.leadReopened', about),
        quote,
        parts: openTicket,
      };
    case 'closed':
      if (n.forRequester)
        return {
          subject: subject('email.subjectClosedRequest'),
          lead: t('email.leadClosedRequest', about),
          quote: null,
          parts: [{ kind: 'button', label: t('mail.openRequest'), url: requestUrl }],
        };
      return {
        subject: subject('mail.subjectClosed'),
        lead: t('mail.leadClosed', about),
        quote: null,
        parts: openTicket,
      };
    case 'merged': {
      // The conversation continues on the ticket it was merged into (decision 044).
      const into = getTicketByNumber(db, n.ticketNumber)?.mergedInto ?? n.ticketNumber;
      return {
        subject: subject('desk.mailSubjectMerged'),
        lead: t('desk.mailLeadMerged', { ...about, survivor: `T-${into}` }),
        quote: null,
        parts: [{ kind: 'button', label: t('mail.openRequest'), url: `${base}/requests/${into}` }],
      };
    }
    case 'sla_warning': {
      const warning = getSlaWarning(db, n.ticketId, n.at);
      return {
        subject: subject('email.subjectSlaWarning'),
        lead: t('email.leadSlaWarning', {
          ...about,
          target: t(
            warning?.target === 'first_response' ? 'email.targetFirstResponse' : 'email.targetResolution',
          ),
          due: warning ? i18n.dateTime(warning.dueAt) : '—',
          when: i18n.dateTime(warning?.warnAt ?? n.at),
        }),
        quote: null,
        parts: openTicket,
      };
    }
  }
}

function queueOne(
  db: Db,
  n: PendingTicketNotification,
  user: User,
  settings: NotificationMailSettings,
): void {
  const i18n = i18nForRecipient(user);
  const w = wordingFor(db, n, settings.publicUrl, i18n);
  const unsubscribeUrl = `${settings.publicUrl}/mail/unsubscribe/${signLink(db, 'unsubscribe', `${user.id}-${n.kind}`)}`;
  const body = composeMail({
    i18n,
    name: user.displayName,
    parts: [
      { kind: 'paragraph', text: w.lead },
      ...(w.quote ? [{ kind: 'quote' as const, text: w.quote }] : []),
      ...w.parts,
    ],
    footer: i18n.t('mail.notificationFooter', {
      ticket: `T-${n.ticketNumber}`,
      url: `${settings.publicUrl}/account`,
    }),
    unsubscribeUrl,
  });
  // Every mail about one ticket names the same (never sent) root message, so mail programs thread them.
  const thread = `<ticket-${n.ticketNumber}@${senderDomain(settings.from)}>`;
  // Answers find the ticket by a token in the address even when the mail program drops the headers.
  const replyTo = replyAddressFor(db, settings.from, n.ticketNumber, user.id);
  enqueueMail(
    db,
    {
      kind: n.kind,
      to: user.email,
      subject: w.subject,
      ...body,
      attachments: replyAttachments(db, n).slice(0, 10),
      headers: {
        ...(replyTo ? { 'Reply-To': replyTo } : {}),
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        // RFC 8058: the mail program's own "unsubscribe" POSTs this to the link, no page in between.
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        'In-Reply-To': thread,
        References: thread,
        'X-Fixpoint-Ticket': `T-${n.ticketNumber}`,
      },
    },
    { from: settings.from },
  );
}

/** A major incident's update or resolution, mailed to someone who said they are affected (or whose ticket is linked). */
function queueIncidentMail(
  db: Db,
  n: PendingIncidentNotification,
  user: User,
  settings: NotificationMailSettings,
): void {
  const i18n = i18nForRecipient(user);
  const { t } = i18n;
  const url = `${settings.publicUrl}/incidents/${n.incidentId}`;
  const resolved = n.kind === 'incident_resolved';
  const update = getIncidentUpdateAt(db, n.incidentId, n.at, resolved ? 'resolution' : 'update');
  const unsubscribeUrl = `${settings.publicUrl}/mail/unsubscribe/${signLink(db, 'unsubscribe', `${user.id}-${n.kind}`)}`;
  const status = update ? t(update.statusLabel) : '';
  const body = composeMail({
    i18n,
    name: user.displayName,
    parts: [
      {
        kind: 'paragraph',
        text: t(resolved ? 'majorIncidents.mailLeadResolved' : 'majorIncidents.mailLeadUpdate', {
          title: n.subject,
          status,
          when: i18n.dateTime(n.at),
        }),
      },
      ...(update ? [{ kind: 'quote' as const, text: update.message }] : []),
      { kind: 'button', label: t('majorIncidents.mailOpen'), url },
    ],
    footer: t('majorIncidents.mailFooter', { url: `${settings.publicUrl}/account` }),
    unsubscribeUrl,
  });
  // Every mail about one incident names the same root message, so mail programs thread them.
  const thread = `<incident-${n.incidentId}@${senderDomain(settings.from)}>`;
  enqueueMail(
    db,
    {
      kind: n.kind,
      to: user.email,
      subject: t(resolved ? 'majorIncidents.mailSubjectResolved' : 'majorIncidents.mailSubjectUpdate', {
        title: n.subject,
        status,
      }),
      ...body,
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        'In-Reply-To': thread,
        References: thread,
        'X-Fixpoint-Incident': String(n.incidentId),
      },
    },
    { from: settings.from },
  );
}

/**
 * Turns new in-app notifications into mail, in batches of 100: the mails of a batch and the cursor past
 * it are written in one transaction, so a crash neither skips nor repeats one. Skipped: people who
 * turned that kind off, disabled accounts, and notifications already a day old when first seen.
 */
export function queueNotificationMails(db: Db, settings: NotificationMailSettings, now = new Date()): number {
  let queued = 0;
  for (;;) {
    const batch = db.transaction(() => {
      const cursor = sql(db, 'SELECT last_notification_id FROM mail_notification_cursor WHERE id = 1')
        .pluck()
        .get() as number;
      const pending = listNotificationsAfter(db, cursor, 100);
      for (const n of pending) {
        const user = getUserById(db, n.userId);
        if (!user || user.disabled || !wantsMail(db, user.id, n.kind)) continue;
        if (now.getTime() - Date.parse(n.at) > STALE_MS) continue;
        if (n.about === 'incident') queueIncidentMail(db, n, user, settings);
        else queueOne(db, n, user, settings);
        queued++;
      }
      if (pending.length > 0)
        sql(db, 'UPDATE mail_notification_cursor SET last_notification_id = ? WHERE id = 1').run(
          pending.at(-1)!.id,
        );
      return pending.length;
    })();
    if (batch < 100) return queued;
  }
}
