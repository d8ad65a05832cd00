import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { listAudit } from './audit.ts';
import { validateSessionToken } from './sessions.ts';
import { signIn } from './sign-in.ts';
import { THROTTLE } from './throttle.ts';
import { createUser, setUserDisabled } from './users.ts';

const PASSWORD = 'quiet river stones 9';

async function setup() {
  const db = testDatabase();
  const user = await createUser(db, {
    email: 'erin@example.com',
    displayName: 'Erin',
    roles: ['employee'],
    password: PASSWORD,
  });
  return { db, user };
}

describe('signIn', () => {
  it('opens a new session for the right password, case-insensitive email', async () => {
    const { db, user } = await setup();
    const first = await signIn(db, { email: ' ERIN@example.com ', password: PASSWORD, address: '10.0.0.1' });
    const second = await signIn(db, { email: 'erin@example.com', password: PASSWORD, address: '10.0.0.1' });
    if (!first.ok || !second.ok) throw new Error('expected success');
    expect(first.user.id).toBe(user.id);
    expect(first.token).not.toBe(second.token);
    expect(validateSessionToken(db, first.token)).not.toBeNull();
    expect(listAudit(db).entries[0]).toMatchObject({ action: 'signin.success', address: '10.0.0.1' });
  });

  it('answers the same for an unknown email and a wrong password, also on a disabled account', async () => {
    const { db, user } = await setup();
    expect(await signIn(db, { email: 'nobody@example.com', password: PASSWORD, address: 'a' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(
      await signIn(db, { email: 'erin@example.com', password: 'wrong password here', address: 'b' }),
    ).toEqual({ ok: false, reason: 'invalid' });
    setUserDisabled(db, user.id, true);
    expect(
      await signIn(db, { email: 'erin@example.com', password: 'another wrong one', address: 'c' }),
    ).toEqual({ ok: false, reason: 'invalid' });
    const reasons = listAudit(db, { action: 'signin.failure' }).entries.map(
      (e) => JSON.parse(e.detail!).reason,
    );
    expect(reasons.sort()).toEqual(['unknown email', 'wrong password', 'wrong password']);
  });

  it('tells the owner of a disabled account, who proved it with the right password, that it is disabled', async () => {
    const { db, user } = await setup();
    setUserDisabled(db, user.id, true);
    expect(await signIn(db, { email: 'erin@example.com', password: PASSWORD, address: 'c' })).toEqual({
      ok: false,
      reason: 'disabled',
    });
    expect(
      listAudit(db, { action: 'signin.failure' }).entries.map((e) => JSON.parse(e.detail!).reason),
    ).toEqual(['account disabled']);
  });

  // Issue 13 changed this: an account guessed from many addresses is slowed (growing delays of seconds),
  // no longer locked for 15 minutes, and its owner signs in from an address they used before.
  it('slows an account after repeated failures, even for the right password, and tells when to retry; its owner still signs in from their own address', async () => {
    const { db } = await setup();
    await signIn(db, { email: 'erin@example.com', password: PASSWORD, address: '10.1.1.1' });
    for (let i = 0; i < THROTTLE.accountFailures; i++) {
      expect(
        await signIn(db, {
          email: 'erin@example.com',
          password: `guess number ${i}`,
          address: `10.0.0.${i}`,
        }),
      ).toMatchObject({ reason: 'invalid' });
    }
    const locked = await signIn(db, { email: 'erin@example.com', password: PASSWORD, address: '10.9.9.9' });
    expect(locked).toMatchObject({ ok: false, reason: 'throttled' });
    if (!locked.ok && locked.reason === 'throttled') {
      expect(locked.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(locked.retryAfterSeconds).toBeLessThanOrEqual(THROTTLE.accountDelayMs / 1000);
    }
    expect(
      await signIn(db, { email: 'erin@example.com', password: PASSWORD, address: '10.1.1.1' }),
    ).toMatchObject({ ok: true });
  });

  it('locks a client address guessing across many accounts', async () => {
    const { db } = await setup();
    for (let i = 0; i < THROTTLE.addressFailures; i++)
      await signIn(db, { email: `user${i}@example.com`, password: 'nope nope nope', address: '203.0.113.7' });
    expect(
      await signIn(db, { email: 'erin@example.com', password: PASSWORD, address: '203.0.113.7' }),
    ).toMatchObject({ reason: 'throttled' });
    expect(
      await signIn(db, { email: 'erin@example.com', password: PASSWORD, address: '198.51.100.1' }),
    ).toMatchObject({ ok: true });
  });

  it('survives 10,000 wrong passwords in a row cheaply: only the first few are hashed', async () => {
    const { db } = await setup();
    for (let i = 0; i < 10_000; i++)
      await signIn(db, { email: 'erin@example.com', password: `wrong ${i}`, address: '192.0.2.1' });
    // 5 hash checks (~30 ms each) before the lock; the other 9,995 are refused from the throttle table.
    // Proven by the counts below, not by a clock: on a loaded machine 20,000 fsyncs alone can take 30 s.
    expect(
      db.prepare("SELECT failures FROM login_throttle WHERE key = 'account:erin@example.com'").pluck().get(),
    ).toBe(THROTTLE.accountFailures);
    // The refusals are anyone's to repeat: one audit row per address and minute (two if a minute turned), counted.
    const refused = listAudit(db, { action: 'signin.throttled' }).entries;
    expect(refused.length).toBeLessThanOrEqual(2);
    expect(refused.reduce((sum, e) => sum + e.count, 0)).toBe(10_000 - THROTTLE.accountFailures);
  }, 120_000);

  it('a success clears the account count', async () => {
    const { db } = await setup();
    for (let i = 0; i < THROTTLE.accountFailures - 1; i++)
      await signIn(db, { email: 'erin@example.com', password: 'wrong wrong wrong', address: 'x' });
    expect(await signIn(db, { email: 'erin@example.com', password: PASSWORD, address: 'x' })).toMatchObject({
      ok: true,
    });
    expect(
      await signIn(db, { email: 'erin@example.com', password: 'wrong wrong wrong', address: 'x' }),
    ).toMatchObject({ reason: 'invalid' });
  });
});
