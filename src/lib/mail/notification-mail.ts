import { getUserById, type User } from '#lib/auth/users.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { listNotificationsAfter, type PendingNotification } from '#lib/notifications/notifications.ts';
import { getTimeline } from '#lib/tickets/workflow.ts';
import { composeMail, type MailPart } from './compose.ts';
import { signLink } from './links.ts';
import { enqueueMail, senderDomain } from './outbox.ts';
import { wantsMail } from './preferences.ts';

export type NotificationMailSettings = { from: string; publicUrl: string };

/** Notifications older than this when the notifier first sees them are history (an import), not news. */
const STALE_MS = 24 * 60 * 60_000;

/** The words a mail is built from: subject, what happened, the text it quotes, where to act. */
type Wording = { subject: string; lead: string; quote: string | null; parts: MailPart[] };

const ticketTag = (n: PendingNotification) => `[T-${n.ticketNumber}]`;

/** The public message the notification is about (a reply's text, a resolution note), when there is one. */
function messageBody(db: Db, n: PendingNotification): string | null {
  const events = getTimeline(db, n.ticketId, { includeInternal: false });
  const event = events.findLast((e) => e.at === n.at && e.actorId === n.actorId && e.body);
  return event?.body ?? null;
}

function wordingFor(db: Db, n: PendingNotification, base: string): Wording {
  const actor = n.actorName ?? 'The service desk';
  const requestUrl = `${base}/requests/${n.ticketNumber}`;
  const agentUrl = `${base}/agent/tickets/${n.ticketNumber}`;
  const quote = messageBody(db, n);
  const about = `T-${n.ticketNumber} "${n.subject}"`;
  switch (n.kind) {
    case 'reply':
      return {
        subject: `${ticketTag(n)} New reply: ${n.subject}`,
        lead: `${actor} replied to your request ${about}:`,
        quote,
        parts: [{ kind: 'button', label: 'Open your request', url: requestUrl }],
      };
    case 'resolved':
      return {
        subject: `${ticketTag(n)} Resolved: ${n.subject}`,
        lead: `${actor} resolved your request ${about}.${quote ? ' The resolution:' : ''}`,
        quote,
        parts: [
          { kind: 'paragraph', text: 'Is it fixed? Please tell us on the request page:' },
          { kind: 'button', label: 'Yes, it is fixed: confirm', url: `${requestUrl}#fixed-title` },
          {
            kind: 'links',
            items: [{ label: 'No, it is still broken: reopen it', url: `${requestUrl}#fixed-title` }],
          },
        ],
      };
    case 'assigned':
      return {
        subject: `${ticketTag(n)} Assigned to you: ${n.subject}`,
        lead: `${actor} assigned ticket ${about} to you.`,
        quote: null,
        parts: [{ kind: 'button', label: 'Open the ticket', url: agentUrl }],
      };
    case 'requester_reply':
      return {
        subject: `${ticketTag(n)} The requester answered: ${n.subject}`,
        lead: `${actor} answered on ticket ${about}:`,
        quote,
        parts: [{ kind: 'button', label: 'Open the ticket', url: agentUrl }],
      };
    case 'reopened':
      return {
        subject: `${ticketTag(n)} Reopened: ${n.subject}`,
        lead: `${actor} reopened ticket ${about}.${quote ? ' Their reason:' : ''}`,
        quote,
        parts: [{ kind: 'button', label: 'Open the ticket', url: agentUrl }],
      };
    case 'closed':
      return {
        subject: `${ticketTag(n)} Confirmed fixed: ${n.subject}`,
        lead: `${actor} confirmed that ticket ${about} is fixed. It is closed.`,
        quote: null,
        parts: [{ kind: 'button', label: 'Open the ticket', url: agentUrl }],
      };
  }
}

function queueOne(db: Db, n: PendingNotification, user: User, settings: NotificationMailSettings): void {
  const w = wordingFor(db, n, settings.publicUrl);
  const unsubscribeUrl = `${settings.publicUrl}/mail/unsubscribe/${signLink(db, 'unsubscribe', `${user.id}-${n.kind}`)}`;
  const body = composeMail({
    greeting: `Hello ${user.displayName},`,
    parts: [
      { kind: 'paragraph', text: w.lead },
      ...(w.quote ? [{ kind: 'quote' as const, text: w.quote }] : []),
      ...w.parts,
    ],
    footer: `You get this e-mail from Fixpoint, the IT help desk, about ticket T-${n.ticketNumber}. Choose which e-mails you get on ${settings.publicUrl}/account.`,
    unsubscribeUrl,
  });
  // Every mail about one ticket names the same (never sent) root message, so mail programs thread them.
  const thread = `<ticket-${n.ticketNumber}@${senderDomain(settings.from)}>`;
  enqueueMail(
    db,
    {
      kind: n.kind,
      to: user.email,
      subject: w.subject,
      ...body,
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
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
        queueOne(db, n, user, settings);
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
