import { requestPasswordReset, PASSWORD_RESET, type ResetRequest } from '#lib/auth/password-reset.ts';
import type { Db } from '#lib/db/db.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { i18nForRecipient } from '#lib/i18n/recipient.ts';
import { composeMail } from './compose.ts';
import { enqueueMail } from './outbox.ts';

type MailSettings = { from: string; publicUrl: string };

/**
 * A reset request from the sign-in page: when the typed address has an active account, the link is
 * queued by mail in the same transaction as its token (both or neither). The caller answers alike
 * either way; only throttling is visible. The mail is in the account's language, else in `locale`
 * (the page's, where the person asked).
 */
export function mailPasswordResetLink(
  db: Db,
  input: { email: string; address: string; locale?: Locale },
  settings: MailSettings,
): ResetRequest {
  return db.transaction((): ResetRequest => {
    const request = requestPasswordReset(db, input);
    if (!request.ok || !request.user || !request.token) return request;
    const url = `${settings.publicUrl}/password-reset/${request.token}`;
    const i18n = i18nForRecipient(request.user, input.locale);
    const body = composeMail({
      i18n,
      name: request.user.displayName,
      parts: [
        { kind: 'paragraph', text: i18n.t('mail.resetIntro') },
        { kind: 'button', label: i18n.t('mail.resetButton'), url },
        {
          kind: 'paragraph',
          text: i18n.t('mail.resetNote', { minutes: PASSWORD_RESET.validMs / 60_000 }),
        },
      ],
      footer: i18n.t('mail.resetFooter'),
    });
    enqueueMail(
      db,
      { kind: 'password_reset', to: request.user.email, subject: i18n.t('mail.resetSubject'), ...body },
      { from: settings.from },
    );
    return request;
  })();
}
