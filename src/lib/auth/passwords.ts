import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { MessageKey } from '#lib/i18n/translate.ts';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

// OWASP Password Storage Cheat Sheet, argon2id: 19 MiB memory, 2 iterations, 1 lane.
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// 49,233 passwords from breach corpora (zxcvbn-ts). A candidate is also refused when stripping
// leading and trailing digits and symbols leaves a listed password ("Password2026!" → "password").
const COMMON = new Set(dictionary['passwords-common'] as string[]);

/**
 * Why a new password is refused, as a catalogue key (a zod message too: pages word it with
 * `i18n.text`); null when it is acceptable. The limits are written into the messages (12, 128).
 */
export function checkNewPassword(password: string, context: { email?: string } = {}): MessageKey | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'auth.passwordTooShort';
  if (length > PASSWORD_MAX) return 'auth.passwordTooLong';
  const lower = password.toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (COMMON.has(lower) || (core.length >= 3 && COMMON.has(core))) return 'auth.passwordCommon';
  if (/^(.)\1+$/u.test(password) || /^(?:0123456789|1234567890|9876543210)+/.test(password))
    return 'auth.passwordGuessable';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'auth.passwordHasEmail';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    return false;
  }
}

// Verifying against this when the email is unknown makes both failures take the same time.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('fixpoint-timing-equaliser');
  await verifyPassword(await dummyHash, password);
  return false;
}
