import { requestPasswordReset, PASSWORD_RESET, type ResetRequest } from '#lib/auth/password-reset.ts';
import type { Db } from '#lib/db/db.ts';
import { composeMail } from './compose.ts';
import { enqueueMail } from './outbox.ts';

type MailSettings = { from: string; publicUrl: string };

/**
 * A reset request from the sign-in page: when the typed address has an active account, the link is
 * queued by mail in the same transaction as its token (both or neither). The caller answers alike
 * either way; only throttling is visible.
 */
export function mailPasswordResetLink(
  db: Db,
  input: { email: string; address: string },
  settings: MailSettings,
): ResetRequest {
  return db.transaction((): ResetRequest => {
    const request = requestPasswordReset(db, input);
    if (!request.ok || !request.user || !request.token) return request;
    const url = `${settings.publicUrl}/password-reset/${request.token}`;
    const body = composeMail({
      greeting: `Hello ${request.user.displayName},`,
      parts: [
        {
          kind: 'paragraph',
          text: 'Someone asked to reset the password of your Fixpoint account. To choose a new one, open this link:',
        },
        { kind: 'button', label: 'Choose a new password', url },
        {
          kind: 'paragraph',
          text: `The link works once, for ${PASSWORD_RESET.validMs / 60_000} minutes. Setting a new password signs you out everywhere. If you did not ask for this, ignore this e-mail: your password stays as it is.`,
        },
      ],
      footer: 'You get this e-mail because a password reset was asked for on the Fixpoint sign-in page.',
    });
    enqueueMail(
      db,
      { kind: 'password_reset', to: request.user.email, subject: 'Reset your Fixpoint password', ...body },
      { from: settings.from },
    );
    return request;
  })();
}
