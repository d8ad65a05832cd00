import { getUserById } from '#lib/auth/users.ts';
import { getDb } from '#lib/db/connection.ts';
import { verifyLink } from '#lib/mail/links.ts';
import { isMailNotificationKind, MAIL_NOTIFICATION_KINDS, optOutOfMail } from '#lib/mail/preferences.ts';

export type UnsubscribeView =
  { kind: 'invalid'; status: 404 } | { kind: 'confirm' | 'done'; status: 200; label: string; email: string };

/**
 * /mail/unsubscribe/<token>: the link in every notification's footer and List-Unsubscribe header.
 * GET asks (mail scanners open links; they must not change anything), POST turns that kind off.
 */
export function unsubscribePage(request: Request, token: string | undefined): UnsubscribeView {
  const db = getDb();
  const payload = verifyLink(db, 'unsubscribe', token ?? '');
  const match = payload ? /^(\d{1,12})-([a-z_]{1,40})$/.exec(payload) : null;
  const user = match ? getUserById(db, Number(match[1])) : null;
  const kind = match?.[2] ?? '';
  if (!user || !isMailNotificationKind(kind)) return { kind: 'invalid', status: 404 };
  const label = MAIL_NOTIFICATION_KINDS.find((k) => k.kind === kind)!.label;
  if (request.method !== 'POST') return { kind: 'confirm', status: 200, label, email: user.email };
  optOutOfMail(db, user.id, kind);
  return { kind: 'done', status: 200, label, email: user.email };
}
