import { z } from 'zod';
import { completePasswordReset, findPasswordReset, PASSWORD_RESET } from '#lib/auth/password-reset.ts';
import { PASSWORD_MAX } from '#lib/auth/passwords.ts';
import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import { mailPasswordResetLink } from '#lib/mail/password-reset-mail.ts';
import { formText, readForm } from './http.ts';

/** The request, the client's address, and the reader's language (errors are worded in it). */
type PageInput = { request: Request; address: string; i18n: I18n };

const EmailField = z
  .string()
  .trim()
  .min(1, 'auth.resetEmailRequired')
  .max(254, 'auth.resetEmailRequired')
  .pipe(z.email('auth.resetEmailInvalid'));

export type ResetRequestView = {
  status: number;
  email: string;
  error: string | null;
  /** Set once the form was accepted: the same sentence whether or not the address has an account. */
  sentTo: string | null;
  retryAfterSeconds?: number;
};

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** /password-reset: asks for the address and mails a link when it has an account (the answer never says whether). */
export async function passwordResetRequestPage(input: PageInput): Promise<ResetRequestView> {
  if (input.request.method !== 'POST') return { status: 200, email: '', error: null, sentTo: null };
  const form = await readForm(input.request);
  const typed = formText(form, 'email', 254);
  const email = EmailField.safeParse(typed);
  if (!email.success)
    return {
      status: 400,
      email: typed,
      error: input.i18n.text(email.error.issues[0]!.message),
      sentTo: null,
    };
  const config = getConfig();
  const result = mailPasswordResetLink(
    getDb(),
    { email: email.data, address: input.address, locale: input.i18n.locale },
    { from: config.mail.from, publicUrl: config.mail.publicUrl },
  );
  if (!result.ok)
    return {
      status: 429,
      email: email.data,
      error: input.i18n.t('auth.resetThrottled', { minutes: minutes(result.retryAfterSeconds) }),
      sentTo: null,
      retryAfterSeconds: result.retryAfterSeconds,
    };
  return { status: 200, email: '', error: null, sentTo: email.data };
}

export type ResetView =
  | { kind: 'invalid'; status: number }
  | { kind: 'form'; status: number; email: string; error: string | null }
  | { kind: 'done' };

const PasswordFields = z.object({
  password: z
    .string()
    .min(1, 'auth.enterNewPassword')
    .max(PASSWORD_MAX * 4, 'auth.passwordTooLong'),
  confirm: z.string().max(PASSWORD_MAX * 4),
});

/**
 * /password-reset/<token>: the new-password form for a valid link; a used, expired or unknown link
 * answers 404 with a way to ask for a new one. A reset ends every session; the person signs in again.
 */
export async function passwordResetPage(input: PageInput, token: string | undefined): Promise<ResetView> {
  const db = getDb();
  const user = findPasswordReset(db, token ?? '');
  if (!user) return { kind: 'invalid', status: 404 };
  if (input.request.method !== 'POST') return { kind: 'form', status: 200, email: user.email, error: null };
  const form = await readForm(input.request);
  const fields = PasswordFields.safeParse({
    password: formText(form, 'password', 1000),
    confirm: formText(form, 'confirm', 1000),
  });
  if (!fields.success)
    return {
      kind: 'form',
      status: 400,
      email: user.email,
      error: input.i18n.text(fields.error.issues[0]!.message),
    };
  if (fields.data.password !== fields.data.confirm)
    return { kind: 'form', status: 400, email: user.email, error: input.i18n.t('auth.passwordsDiffer') };
  const result = await completePasswordReset(db, {
    token: token!,
    password: fields.data.password,
    address: input.address,
  });
  if (result.ok) return { kind: 'done' };
  if (result.reason === 'weak')
    return { kind: 'form', status: 400, email: user.email, error: input.i18n.text(result.message) };
  return { kind: 'invalid', status: 404 };
}

/** How long a reset link works, in minutes (for the pages' wording). */
export const RESET_LINK_MINUTES = PASSWORD_RESET.validMs / 60_000;
