import { sql, type Db } from '#lib/db/db.ts';
import { msg, type Message, type MessageKey } from '#lib/i18n/translate.ts';

export const NOTIFICATION_KINDS = [
  'reply',
  'resolved',
  'assigned',
  'requester_reply',
  'reopened',
  'closed',
  'merged',
  'sla_warning',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type Notification = {
  id: number;
  kind: NotificationKind;
  ticketNumber: number;
  subject: string;
  actorName: string | null;
  at: string;
  read: boolean;
  /** Where the person works on the ticket: agents in the workspace, requesters on their request page. */
  url: string;
  /**
   * What happened, worded where it is read (so old notifications follow the reader's language):
   * `{actor}` is the actor's name, or the page's word for the service desk when there is none.
   */
  message: Message;
};

/** The sentence for each kind of notification; `{actor}` did it. */
export const NOTIFICATION_MESSAGES: Record<NotificationKind, MessageKey> = {
  reply: 'notifications.reply',
  resolved: 'notifications.resolved',
  assigned: 'notifications.assigned',
  requester_reply: 'notifications.requesterReply',
  reopened: 'notifications.reopened',
  closed: 'notifications.closed',
  merged: 'desk.notifyMerged',
  sla_warning: 'email.bellSlaWarning',
};

/** Kinds only the people on the requester's side are told of (decision 044: not only the requester). */
const REQUESTER_SIDE = new Set<NotificationKind>(['reply', 'merged']);

/** What the requester reads when their own request was closed (by an agent, or on its own after resolving). */
const CLOSED_FOR_REQUESTER: MessageKey = 'email.bellClosedRequest';

/**
 * Tells a person something happened on a ticket. Called inside the ticket's own write transaction,
 * so a change and its notification are stored together or not at all. Nobody is told of their own action.
 */
export function notify(
  db: Db,
  input: {
    userId: number | null;
    ticketId: number;
    kind: NotificationKind;
    actorId: number | null;
    at: string;
  },
): void {
  if (input.userId === null || input.userId === input.actorId) return;
  sql(db, 'INSERT INTO notifications (user_id, ticket_id, kind, actor_id, at) VALUES (?, ?, ?, ?, ?)').run(
    input.userId,
    input.ticketId,
    input.kind,
    input.actorId,
    input.at,
  );
}

/** The number on the badge. */
export function countUnread(db: Db, userId: number): number {
  return sql(db, 'SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL')
    .pluck()
    .get(userId) as number;
}

/** A person's latest notifications, newest first. */
export function listNotifications(db: Db, userId: number, limit = 50): Notification[] {
  const rows = sql(
    db,
    `SELECT n.id, n.kind, n.at, n.read_at, n.user_id, t.number, t.subject, t.requester_id, u.display_name AS actor,
      EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = n.user_id AND r.role = 'agent') AS is_agent
    FROM notifications n JOIN tickets t ON t.id = n.ticket_id LEFT JOIN users u ON u.id = n.actor_id
    WHERE n.user_id = ? ORDER BY n.id DESC LIMIT ?`,
  ).all(userId, limit) as Array<{
    id: number;
    kind: NotificationKind;
    at: string;
    read_at: string | null;
    user_id: number;
    number: number;
    subject: string;
    requester_id: number;
    actor: string | null;
    is_agent: number;
  }>;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    ticketNumber: r.number,
    subject: r.subject,
    actorName: r.actor,
    at: r.at,
    read: r.read_at !== null,
    // A reply or a merge is news for the requester's side (also a follower of a merged ticket's
    // survivor); colleagues copied on a request (participants) read it where its requester does.
    url:
      r.requester_id === r.user_id || r.is_agent === 0 || REQUESTER_SIDE.has(r.kind)
        ? `/requests/${r.number}`
        : `/agent/tickets/${r.number}`,
    message: ((key: MessageKey) => (r.actor ? msg(key, { actor: r.actor }) : msg(key)))(
      r.kind === 'closed' && r.requester_id === r.user_id
        ? CLOSED_FOR_REQUESTER
        : NOTIFICATION_MESSAGES[r.kind],
    ),
  }));
}

/** Opening a ticket reads what was waiting about it. */
export function markTicketRead(db: Db, userId: number, ticketId: number, now = new Date()): void {
  sql(db, 'UPDATE notifications SET read_at = ? WHERE user_id = ? AND ticket_id = ? AND read_at IS NULL').run(
    now.toISOString(),
    userId,
    ticketId,
  );
}

export function markAllRead(db: Db, userId: number, now = new Date()): number {
  return sql(db, 'UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').run(
    now.toISOString(),
    userId,
  ).changes;
}

/** A notification as the mail notifier reads it: who is told what, about which ticket. */
export type PendingNotification = {
  id: number;
  userId: number;
  ticketId: number;
  ticketNumber: number;
  subject: string;
  kind: NotificationKind;
  actorId: number | null;
  actorName: string | null;
  at: string;
  /** The person told is the ticket's requester (else an agent). */
  forRequester: boolean;
};

/** Notifications after `afterId`, oldest first: the mail notifier walks them with a cursor of its own. */
export function listNotificationsAfter(db: Db, afterId: number, limit = 100): PendingNotification[] {
  const rows = sql(
    db,
    `SELECT n.id, n.user_id, n.ticket_id, t.number, t.subject, n.kind, n.actor_id, u.display_name AS actor, n.at, t.requester_id
    FROM notifications n JOIN tickets t ON t.id = n.ticket_id LEFT JOIN users u ON u.id = n.actor_id
    WHERE n.id > ? ORDER BY n.id LIMIT ?`,
  ).all(afterId, limit) as Array<{
    id: number;
    user_id: number;
    ticket_id: number;
    number: number;
    subject: string;
    kind: NotificationKind;
    actor_id: number | null;
    actor: string | null;
    at: string;
    requester_id: number;
  }>;
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    ticketId: r.ticket_id,
    ticketNumber: r.number,
    subject: r.subject,
    kind: r.kind,
    actorId: r.actor_id,
    actorName: r.actor,
    at: r.at,
    forRequester: r.requester_id === r.user_id,
  }));
}
