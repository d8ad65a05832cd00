import { describe, expect, it } from 'vitest';
import { dictionary } from '@zxcvbn-ts/language-common';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords.ts';

describe('password rules', () => {
  it('ships a list of at least 10,000 common passwords', () => {
    expect((dictionary['passwords-common'] as string[]).length).toBeGreaterThanOrEqual(10_000);
  });

  it.each<[string, string, { email?: string }?]>([
    ['short', 'elevenchars'],
    ['too long', 'x'.repeat(129)],
    ['a common password', 'qwerty123456'],
    ['a common password with decoration', 'Password2026!'],
    ['a repeated character', 'aaaaaaaaaaaaaaaa'],
    ['a digit run', '12345678901234'],
    ['the email name', 'ErinSmith-is-great', { email: 'erinsmith@example.com' }],
  ])('refuses %s', (_name, password, context = {}) => {
    expect(checkNewPassword(password, context)).toMatch(/.+/);
  });

  it('accepts long passphrases without composition rules, including non-Latin text', () => {
    expect(checkNewPassword('correct horse battery staple')).toBeNull();
    expect(checkNewPassword('пароль для работы дома')).toBeNull();
    expect(checkNewPassword('x'.repeat(11) + '🎉')).toBeNull();
  });
});

describe('argon2id hashing', () => {
  it('hashes with the OWASP parameters and verifies', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('treats differently composed Unicode as the same password', async () => {
    const hash = await hashPassword('café au lait please');
    expect(await verifyPassword(hash, 'cafe\u0301 au lait please')).toBe(true);
  });
});
