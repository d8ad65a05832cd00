import { z } from 'zod';
import type { Db } from '#lib/db/db.ts';
import { recordAudit, recordRepeatedAudit } from './audit.ts';
import { PASSWORD_MAX, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { createSession, generateSessionToken, type Session } from './sessions.ts';
import { beginSignInAttempt, recordSignInSuccess } from './throttle.ts';
import { getPasswordHash, getUserByEmail, recordSignIn, type User } from './users.ts';

export const SignInSchema = z.object({
  email: z.string().trim().min(1, 'auth.enterEmail').max(254, 'auth.enterEmail'),
  // Longer input cannot be a valid password: refused before any hashing work.
  password: z
    .string()
    .min(1, 'auth.enterPassword')
    .max(PASSWORD_MAX * 4, 'auth.incorrect'),
});

export type SignInResult =
  | { ok: true; user: User; token: string; session: Session }
  | { ok: false; reason: 'invalid' }
  /** The right password for an account an admin disabled: saying so reveals nothing the password did not prove. */
  | { ok: false; reason: 'disabled' }
  /** The right password, but SSO_ONLY is on and the account is not break-glass: it must use the provider. */
  | { ok: false; reason: 'sso-only' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Checks credentials under throttling (see throttle.ts) and opens a new session. The same answer
 * ("invalid") for an unknown email and a wrong password (a disabled account's too), and the same time
 * (a dummy hash check).
 */
export async function signIn(
  db: Db,
  input: { email: string; password: string; address: string; ssoOnly?: boolean },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const attempt = { email, address: input.address };
  const admission = beginSignInAttempt(db, attempt);
  if (!admission.admitted) {
    // Refused before any hashing, as often as anyone likes: one audit row per address and minute.
    recordRepeatedAudit(db, {
      actor: 'anonymous',
      action: 'signin.throttled',
      target: email,
      address: input.address,
    });
    return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(admission.waitMs / 1000) };
  }
  const user = getUserByEmail(db, email);
  const hash = user ? getPasswordHash(db, user.id) : null;
  const valid =
    user && hash ? await verifyPassword(hash, input.password) : await verifyAgainstDummy(input.password);
  if (valid && user?.disabled) {
    recordAudit(db, {
      actor: 'anonymous',
      action: 'signin.failure',
      target: email,
      address: input.address,
      detail: { reason: 'account disabled' },
    });
    return { ok: false, reason: 'disabled' };
  }
  if (!valid || !user) {
    // Already counted as a failure when it was admitted.
    recordAudit(db, {
      actor: 'anonymous',
      action: 'signin.failure',
      target: email,
      address: input.address,
      detail: { reason: !user ? 'unknown email' : 'wrong password' },
    });
    return { ok: false, reason: 'invalid' };
  }
  if (input.ssoOnly && !user.breakGlass) {
    // Said only after the password proved who is asking, so it reveals nothing to a guesser.
    recordAudit(db, {
      actor: 'anonymous',
      action: 'signin.failure',
      target: email,
      address: input.address,
      detail: { reason: 'password sign-in is off (SSO_ONLY) and the account is not break-glass' },
    });
    return { ok: false, reason: 'sso-only' };
  }
  recordSignInSuccess(db, attempt);
  recordSignIn(db, user.id, 'password');
  const token = generateSessionToken();
  const session = createSession(db, token, user.id);
  recordAudit(db, {
    actor: `user:${user.id} ${user.email}`,
    action: 'signin.success',
    target: user.email,
    address: input.address,
    detail: user.breakGlass && input.ssoOnly ? { breakGlass: true } : undefined,
  });
  return { ok: true, user, token, session };
}
