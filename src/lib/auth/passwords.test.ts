import { describe, expect, it } from 'vitest';
import { dictionary } from '@zxcvbn-ts/language-common';
import { translate } from '#lib/i18n/translate.ts';
import { checkNewPassword, hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyPassword } from './passwords.ts';

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
    expect(checkNewPassword(password, context)).toMatch(/^auth\.password\w+$/);
  });

  it('says why in every language, with the limits the rules use', () => {
    const tooShort = checkNewPassword('elevenchars')!;
    expect(translate('en', tooShort)).toContain(`at least ${PASSWORD_MIN} characters`);
    expect(translate('de', tooShort)).toContain(`mindestens ${PASSWORD_MIN} Zeichen`);
    expect(translate('it', tooShort)).toContain(`almeno ${PASSWORD_MIN} caratteri`);
    expect(translate('en', checkNewPassword('x'.repeat(PASSWORD_MAX + 1))!)).toContain(`${PASSWORD_MAX}`);
    expect(translate('de', checkNewPassword('qwerty123456')!)).toContain('Angreifer');
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
