import { sql, type Db } from '#lib/db/db.ts';
import { msg, type Message, type MessageKey } from '#lib/i18n/translate.ts';

export const TICKET_NOTIFICATION_KINDS = [
  'reply',
  'resolved',
  'assigned',
  'requester_reply',
  'reopened',
  'closed',
  'merged',
  'sla_warning',
] as const;
/** About a major incident (migration 0064): its people hear of each update and of its resolution. */
export const INCIDENT_NOTIFICATION_KINDS = ['incident_update', 'incident_resolved'] as const;
export const NOTIFICATION_KINDS = [...TICKET_NOTIFICATION_KINDS, ...INCIDENT_NOTIFICATION_KINDS] as const;
export type TicketNotificationKind = (typeof TICKET_NOTIFICATION_KINDS)[number];
export type IncidentNotificationKind = (typeof INCIDENT_NOTIFICATION_KINDS)[number];
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type Notification = {
  id: number;
  kind: NotificationKind;
  /** The ticket it is about; null when it is about a major incident. */
  ticketNumber: number | null;
  /** The major incident it is about; null when it is about a ticket. */
  incidentId: number | null;
  /** The ticket's subject or the incident's title. */
  subject: string;
  actorName: string | null;
  at: string;
  read: boolean;
  /** Where the person works on the ticket (agents in the workspace, requesters on their request page), or the incident's page. */
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
  incident_update: 'majorIncidents.noticeUpdate',
  incident_resolved: 'majorIncidents.noticeResolved',
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
    kind: TicketNotificationKind;
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
    `SELECT n.id, n.kind, n.at, n.read_at, n.user_id, n.incident_id, t.number, coalesce(t.subject, i.title) AS subject,
      t.requester_id, u.display_name AS actor,
      EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = n.user_id AND r.role = 'agent') AS is_agent
    FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id LEFT JOIN incidents i ON i.id = n.incident_id
    LEFT JOIN users u ON u.id = n.actor_id
    WHERE n.user_id = ? ORDER BY n.id DESC LIMIT ?`,
  ).all(userId, limit) as Array<{
    id: number;
    kind: NotificationKind;
    at: string;
    read_at: string | null;
    user_id: number;
    incident_id: number | null;
    number: number | null;
    subject: string;
    requester_id: number | null;
    actor: string | null;
    is_agent: number;
  }>;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    ticketNumber: r.number,
    incidentId: r.incident_id,
    subject: r.subject,
    actorName: r.actor,
    at: r.at,
    read: r.read_at !== null,
    // A reply or a merge is news for the requester's side (also a follower of a merged ticket's
    // survivor); colleagues copied on a request (participants) read it where its requester does.
    url:
      r.incident_id !== null
        ? `/incidents/${r.incident_id}`
        : r.requester_id === r.user_id || r.is_agent === 0 || REQUESTER_SIDE.has(r.kind)
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

/** Opening an incident's page reads what was waiting about it. */
export function markIncidentRead(db: Db, userId: number, incidentId: number, now = new Date()): void {
  sql(
    db,
    'UPDATE notifications SET read_at = ? WHERE user_id = ? AND incident_id = ? AND read_at IS NULL',
  ).run(now.toISOString(), userId, incidentId);
}

/**
 * Tells each person something happened to a major incident they follow (in the incident's own write
 * transaction). Nobody is told of their own action, and nobody twice.
 */
export function notifyIncident(
  db: Db,
  input: {
    userIds: readonly number[];
    incidentId: number;
    kind: IncidentNotificationKind;
    actorId: number | null;
    at: string;
  },
): number {
  const insert = sql(
    db,
    'INSERT INTO notifications (user_id, incident_id, kind, actor_id, at) VALUES (?, ?, ?, ?, ?)',
  );
  let told = 0;
  for (const userId of new Set(input.userIds)) {
    if (userId === input.actorId) continue;
    insert.run(userId, input.incidentId, input.kind, input.actorId, input.at);
    told++;
  }
  return told;
}

export function markAllRead(db: Db, userId: number, now = new Date()): number {
  return sql(db, 'UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').run(
    now.toISOString(),
    userId,
  ).changes;
}

/** A notification about a ticket as the mail notifier reads it: who is told what, about which ticket. */
export type PendingTicketNotification = {
  about: 'ticket';
  id: number;
  userId: number;
  ticketId: number;
  ticketNumber: number;
  subject: string;
  kind: TicketNotificationKind;
  actorId: number | null;
  actorName: string | null;
  at: string;
  /** The person told is the ticket's requester (else an agent). */
  forRequester: boolean;
};

/** A notification about a major incident as the mail notifier reads it. */
export type PendingIncidentNotification = {
  about: 'incident';
  id: number;
  userId: number;
  incidentId: number;
  /** The incident's title. */
  subject: string;
  kind: IncidentNotificationKind;
  actorId: number | null;
  actorName: string | null;
  at: string;
};

export type PendingNotification = PendingTicketNotification | PendingIncidentNotification;

type PendingRow = {
  id: number;
  user_id: number;
  ticket_id: number | null;
  incident_id: number | null;
  number: number | null;
  subject: string;
  kind: NotificationKind;
  actor_id: number | null;
  actor: string | null;
  at: string;
  requester_id: number | null;
};

function toPending(r: PendingRow): PendingNotification {
  const common = {
    id: r.id,
    userId: r.user_id,
    subject: r.subject,
    actorId: r.actor_id,
    actorName: r.actor,
    at: r.at,
  };
  if (r.incident_id !== null)
    return {
      ...common,
      about: 'incident',
      incidentId: r.incident_id,
      kind: r.kind as IncidentNotificationKind,
    };
  return {
    ...common,
    about: 'ticket',
    ticketId: r.ticket_id!,
    ticketNumber: r.number!,
    kind: r.kind as TicketNotificationKind,
    forRequester: r.requester_id === r.user_id,
  };
}

/** Notifications after `afterId`, oldest first: the mail notifier walks them with a cursor of its own. */
export function listNotificationsAfter(db: Db, afterId: number, limit = 100): PendingNotification[] {
  const rows = sql(
    db,
    `SELECT n.id, n.user_id, n.ticket_id, n.incident_id, t.number, coalesce(t.subject, i.title) AS subject, n.kind,
      n.actor_id, u.display_name AS actor, n.at, t.requester_id
    FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id LEFT JOIN incidents i ON i.id = n.incident_id
    LEFT JOIN users u ON u.id = n.actor_id
    WHERE n.id > ? ORDER BY n.id LIMIT ?`,
  ).all(afterId, limit) as PendingRow[];
  return rows.map(toPending);
}
