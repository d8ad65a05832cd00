import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

// OWASP Password Storage Cheat Sheet, argon2id: 19 MiB memory, 2 iterations, 1 lane.
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// 49,233 passwords from breach corpora (zxcvbn-ts). A candidate is also refused when stripping
// leading and trailing digits and symbols leaves a listed password ("Password2026!" → "password").
const COMMON = new Set(dictionary['passwords-common'] as string[]);

/** Why a new password is refused, in words for the person choosing it; null when it is acceptable. */
export function checkNewPassword(password: string, context: { email?: string } = {}): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN)
    return `Use at least ${PASSWORD_MIN} characters. A few words in a row make a long password that is easy to remember.`;
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (COMMON.has(lower) || (core.length >= 3 && COMMON.has(core)))
    return 'This password is on a list of passwords that attackers try first. Choose another one.';
  if (/^(.)\1+$/u.test(password) || /^(?:0123456789|1234567890|9876543210)+/.test(password))
    return 'This password is too easy to guess. Choose another one.';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local))
    return 'Do not use your email address in your password.';
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
