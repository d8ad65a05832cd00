import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { databaseWithEmployee } from '#test/people.ts';
import {
  completePasswordReset,
  findPasswordReset,
  PASSWORD_RESET,
  requestPasswordReset,
} from './password-reset.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, generateSessionToken, validateSessionToken } from './sessions.ts';
import { signIn } from './sign-in.ts';
import { getPasswordHash, setUserDisabled } from './users.ts';

const NEW = 'seven green lanterns at dusk';

describe('password reset by mail', () => {
  it('issues a token for an existing account and stores only its hash', async () => {
    const { db, user } = await databaseWithEmployee();
    const request = requestPasswordReset(db, { email: ' Erin@Example.com ', address: '10.0.0.1' });
    expect(request).toMatchObject({ ok: true, user: { id: user.id } });
    const token = request.ok ? request.token! : '';
    expect(token.length).toBeGreaterThanOrEqual(40);
    const stored = db.prepare('SELECT token_hash FROM password_resets').pluck().all() as string[];
    expect(stored).toEqual([createHash('sha256').update(token).digest('hex')]);
    expect(JSON.stringify(db.prepare('SELECT * FROM password_resets').all())).not.toContain(token);
  });

  it('answers alike for unknown and disabled accounts, without a token', async () => {
    const { db, user } = await databaseWithEmployee();
    expect(requestPasswordReset(db, { email: 'nobody@example.com', address: '10.0.0.1' })).toEqual({
      ok: true,
      user: null,
      token: null,
    });
    setUserDisabled(db, user.id, true);
    expect(requestPasswordReset(db, { email: 'erin@example.com', address: '10.0.0.2' })).toEqual({
      ok: true,
      user: null,
      token: null,
    });
  });

  it('sets the password once, ends every session, and refuses the link afterwards', async () => {
    const { db, user } = await databaseWithEmployee();
    const sessionToken = generateSessionToken();
    createSession(db, sessionToken, user.id);
    const request = requestPasswordReset(db, { email: 'erin@example.com', address: '10.0.0.1' });
    const token = request.ok ? request.token! : '';
    expect(await completePasswordReset(db, { token, password: 'short', address: '10.0.0.1' })).toMatchObject({
      ok: false,
      reason: 'weak',
    });
    expect(findPasswordReset(db, token)?.id).toBe(user.id); // a refused password does not use the link
    expect(await completePasswordReset(db, { token, password: NEW, address: '10.0.0.1' })).toMatchObject({
      ok: true,
    });
    expect(await verifyPassword(getPasswordHash(db, user.id)!, NEW)).toBe(true);
    expect(validateSessionToken(db, sessionToken)).toBeNull();
    expect(
      await completePasswordReset(db, { token, password: 'another long passphrase 7', address: '10.0.0.1' }),
    ).toEqual({
      ok: false,
      reason: 'invalid-link',
    });
    expect(await signIn(db, { email: 'erin@example.com', password: NEW, address: '10.0.0.1' })).toMatchObject(
      { ok: true },
    );
  });

  it('expires after 30 minutes, and a newer link replaces an older one', async () => {
    const { db } = await databaseWithEmployee();
    const t0 = Date.UTC(2026, 10, 1);
    const first = requestPasswordReset(db, { email: 'erin@example.com', address: '10.0.0.1' }, t0);
    const firstToken = first.ok ? first.token! : '';
    expect(findPasswordReset(db, firstToken, t0 + PASSWORD_RESET.validMs - 1)).not.toBeNull();
    expect(findPasswordReset(db, firstToken, t0 + PASSWORD_RESET.validMs)).toBeNull();
    const second = requestPasswordReset(db, { email: 'erin@example.com', address: '10.0.0.1' }, t0 + 1000);
    expect(findPasswordReset(db, firstToken, t0 + 2000)).toBeNull();
    expect(findPasswordReset(db, second.ok ? second.token! : '', t0 + 2000)).not.toBeNull();
    expect(findPasswordReset(db, 'x'.repeat(43))).toBeNull();
    expect(findPasswordReset(db, '../../etc')).toBeNull();
  });

  it('limits requests per typed address and per client address, existing or not', async () => {
    const { db } = await databaseWithEmployee();
    const t0 = Date.UTC(2026, 10, 1);
    for (let i = 0; i < PASSWORD_RESET.perAccount; i++)
      expect(
        requestPasswordReset(db, { email: 'ghost@example.com', address: `10.0.1.${i}` }, t0 + i).ok,
      ).toBe(true);
    const refused = requestPasswordReset(db, { email: 'ghost@example.com', address: '10.0.2.1' }, t0 + 10);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok ? 0 : refused.retryAfterSeconds).toBeGreaterThan(3000);
    // Another address from the same client, until the client's own limit.
    let i = 0;
    while (requestPasswordReset(db, { email: `p${i}@example.com`, address: '10.0.3.1' }, t0 + 100 + i).ok)
      i++;
    expect(i).toBe(PASSWORD_RESET.perAddress);
    // An hour later both work again.
    expect(
      requestPasswordReset(
        db,
        { email: 'ghost@example.com', address: '10.0.3.1' },
        t0 + PASSWORD_RESET.windowMs + 200,
      ).ok,
    ).toBe(true);
  });
});
