import { sql, type Db } from '#lib/db/db.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';
import type { NotificationKind } from '#lib/notifications/notifications.ts';

/**
 * Who a kind of notification is for, how /account names it (`label`), and how a sentence says it
 * ("… no longer e-mail you when `when`"): catalogue keys.
 */
export const MAIL_NOTIFICATION_KINDS: ReadonlyArray<{
  kind: NotificationKind;
  audience: 'requester' | 'agent';
  label: MessageKey;
  when: MessageKey;
}> = [
  { kind: 'reply', audience: 'requester', label: 'mail.kindReply', when: 'mail.whenReply' },
  { kind: 'resolved', audience: 'requester', label: 'mail.kindResolved', when: 'mail.whenResolved' },
  { kind: 'merged', audience: 'requester', label: 'desk.mailKindMerged', when: 'desk.mailWhenMerged' },
  { kind: 'assigned', audience: 'agent', label: 'mail.kindAssigned', when: 'mail.whenAssigned' },
  {
    kind: 'requester_reply',
    audience: 'agent',
    label: 'mail.kindRequesterReply',
    when: 'mail.whenRequesterReply',
  },
  { kind: 'reopened', audience: 'agent', label: 'mail.kindReopened', when: 'mail.whenReopened' },
  // Requesters hear that their request closed; agents that a requester confirmed their fix.
  { kind: 'closed', audience: 'requester', label: 'email.kindClosed', when: 'email.whenClosed' },
  { kind: 'sla_warning', audience: 'agent', label: 'email.kindSlaWarning', when: 'email.whenSlaWarning' },
  // Anyone can be affected by a major incident: "requester" is the audience every person sees.
  {
    kind: 'incident_update',
    audience: 'requester',
    label: 'majorIncidents.mailKindUpdate',
    when: 'majorIncidents.mailWhenUpdate',
  },
  {
    kind: 'incident_resolved',
    audience: 'requester',
    label: 'majorIncidents.mailKindResolved',
    when: 'majorIncidents.mailWhenResolved',
  },
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
