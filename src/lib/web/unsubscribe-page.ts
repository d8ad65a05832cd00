import { getUserById } from '#lib/auth/users.ts';
import { getDb } from '#lib/db/connection.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import { verifyLink } from '#lib/mail/links.ts';
import { isMailNotificationKind, MAIL_NOTIFICATION_KINDS, optOutOfMail } from '#lib/mail/preferences.ts';

export type UnsubscribeView =
  | { kind: 'invalid'; status: 404 }
  /** `when`: the kind of mail as a sentence says it, in the reader's language. */
  | { kind: 'confirm' | 'done'; status: 200; when: string; email: string };

/**
 * /mail/unsubscribe/<token>: the link in every notification's footer and List-Unsubscribe header.
 * GET asks (mail scanners open links; they must not change anything), POST turns that kind off.
 */
export function unsubscribePage(request: Request, token: string | undefined, i18n: I18n): UnsubscribeView {
  const db = getDb();
  const payload = verifyLink(db, 'unsubscribe', token ?? '');
  const match = payload ? /^(\d{1,12})-([a-z_]{1,40})$/.exec(payload) : null;
  const user = match ? getUserById(db, Number(match[1])) : null;
  const kind = match?.[2] ?? '';
  if (!user || !isMailNotificationKind(kind)) return { kind: 'invalid', status: 404 };
  const when = i18n.t(MAIL_NOTIFICATION_KINDS.find((k) => k.kind === kind)!.when);
  if (request.method !== 'POST') return { kind: 'confirm', status: 200, when, email: user.email };
  optOutOfMail(db, user.id, kind);
  return { kind: 'done', status: 200, when, email: user.email };
}
