import { sql, type Db } from '#lib/db/db.ts';
import type { NotificationKind } from '#lib/notifications/notifications.ts';

/** Who a kind of notification is for, and how /account names it. */
export const MAIL_NOTIFICATION_KINDS: ReadonlyArray<{
  kind: NotificationKind;
  audience: 'requester' | 'agent';
  label: string;
}> = [
  { kind: 'reply', audience: 'requester', label: 'An agent replies to my request' },
  {
    kind: 'resolved',
    audience: 'requester',
    label: 'My request is resolved (with a link to confirm or reopen it)',
  },
  { kind: 'assigned', audience: 'agent', label: 'A ticket is assigned to me' },
  { kind: 'requester_reply', audience: 'agent', label: 'A requester answers on my ticket' },
  { kind: 'reopened', audience: 'agent', label: 'A requester reopens my ticket' },
  { kind: 'closed', audience: 'agent', label: 'A requester confirms the fix' },
];

const KNOWN = new Set<string>(MAIL_NOTIFICATION_KINDS.map((k) => k.kind));
export const isMailNotificationKind = (kind: string): kind is NotificationKind => KNOWN.has(kind);

/** The kinds a person turned off (everything is on until they do). */
export function getMailOptOuts(db: Db, userId: number): Set<NotificationKind> {
  return new Set(
    sql(db, 'SELECT kind FROM mail_opt_outs WHERE user_id = ?').pluck().all(userId) as NotificationKind[],
  );
}

export function wantsMail(db: Db, userId: number, kind: NotificationKind): boolean {
  return !sql(db, 'SELECT 1 FROM mail_opt_outs WHERE user_id = ? AND kind = ?').get(userId, kind);
}

/** Saves the /account choices: `shown` kinds were on the form; of those, only `enabled` stay on. */
export function setMailPreferences(
  db: Db,
  userId: number,
  shown: readonly NotificationKind[],
  enabled: ReadonlySet<NotificationKind>,
  now = new Date(),
): void {
  db.transaction(() => {
    for (const kind of shown) {
      if (enabled.has(kind))
        sql(db, 'DELETE FROM mail_opt_outs WHERE user_id = ? AND kind = ?').run(userId, kind);
      else
        sql(db, 'INSERT OR IGNORE INTO mail_opt_outs (user_id, kind, at) VALUES (?, ?, ?)').run(
          userId,
          kind,
          now.toISOString(),
        );
    }
  })();
}

/** One kind off (an unsubscribe link). */
export function optOutOfMail(db: Db, userId: number, kind: NotificationKind, now = new Date()): void {
  sql(db, 'INSERT OR IGNORE INTO mail_opt_outs (user_id, kind, at) VALUES (?, ?, ?)').run(
    userId,
    kind,
    now.toISOString(),
  );
}
