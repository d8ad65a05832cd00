import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import type { Db } from '#lib/db/db.ts';
import { signIn } from './sign-in.ts';
import {
  beginSignInAttempt,
  pruneThrottle,
  recordSignInSuccess,
  THROTTLE,
  throttleAddress,
  throttleWait,
  type Attempt,
} from './throttle.ts';
import { createUser } from './users.ts';

const PASSWORD = 'quiet river stones 9';
const OWNER_ADDRESS = '10.20.30.40';

async function withOwner() {
  const db = testDatabase();
  await createUser(db, {
    email: 'erin@example.com',
    displayName: 'Erin',
    roles: ['employee'],
    password: PASSWORD,
  });
  return db;
}

const rows = (db: Db) => db.prepare('SELECT count(*) FROM login_throttle').pluck().get() as number;
const erinFrom = (address: string): Attempt => ({ email: 'erin@example.com', address });

describe('sign-in throttling', () => {
  it('lets the owner in from their own address while many other addresses guess the account', async () => {
    const db = await withOwner();
    expect(
      await signIn(db, { email: 'erin@example.com', password: PASSWORD, address: OWNER_ADDRESS }),
    ).toMatchObject({
      ok: true,
    });
    const reasons: string[] = [];
    for (let i = 0; i < 40; i++) {
      const answer = await signIn(db, {
        email: 'erin@example.com',
        password: `guess ${i}`,
        address: `198.51.100.${i}`,
      });
      reasons.push(answer.ok ? 'ok' : answer.reason);
    }
    // The attack is slowed: past the free failures, guesses wait for the account's growing delay.
    expect(reasons.slice(0, THROTTLE.accountFailures)).toEqual(
      Array(THROTTLE.accountFailures).fill('invalid'),
    );
    expect(reasons.filter((r) => r === 'throttled').length).toBeGreaterThan(30);
    expect(
      await signIn(db, { email: 'erin@example.com', password: PASSWORD, address: OWNER_ADDRESS }),
    ).toMatchObject({
      ok: true,
    });
    // From an address the account never signed in from, the owner waits too, seconds rather than a lock.
    const elsewhere = await signIn(db, {
      email: 'erin@example.com',
      password: PASSWORD,
      address: '192.0.2.99',
    });
    expect(elsewhere).toMatchObject({ ok: false, reason: 'throttled' });
    if (!elsewhere.ok && elsewhere.reason === 'throttled')
      expect(elsewhere.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('admits guesses at one account from many addresses ever more slowly, up to the longest delay', () => {
    const db = testDatabase();
    let now = 1_000_000_000_000;
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const attempt = erinFrom(`203.0.113.${i}`);
      const wait = throttleWait(db, attempt, now);
      if (wait > 0) waits.push(wait);
      now += wait;
      expect(beginSignInAttempt(db, attempt, now)).toEqual({ admitted: true });
      // Past the free failures, every other address is refused until the delay is over.
      if (i >= THROTTLE.accountFailures - 1)
        expect(beginSignInAttempt(db, erinFrom('203.0.113.250'), now + 1)).toMatchObject({ admitted: false });
    }
    expect(waits.slice(0, 5)).toEqual([1000, 2000, 4000, 8000, 16_000]);
    expect(Math.max(...waits)).toBe(THROTTLE.accountDelayMaxMs);
    expect(waits.length).toBe(20 - THROTTLE.accountFailures);
  });

  it('locks one address guessing one account without locking that account elsewhere', () => {
    const db = testDatabase();
    const now = 1_000_000_000_000;
    recordSignInSuccess(db, erinFrom(OWNER_ADDRESS), now - 60_000);
    for (let i = 0; i < THROTTLE.pairFailures; i++) beginSignInAttempt(db, erinFrom('203.0.113.5'), now + i);
    expect(throttleWait(db, erinFrom('203.0.113.5'), now + 5)).toBeGreaterThan(14 * 60_000);
    // The account's delay is on (5 failures), but seconds long, and the owner's address skips it.
    expect(throttleWait(db, erinFrom('192.0.2.8'), now + 5)).toBeLessThanOrEqual(THROTTLE.accountDelayMs);
    expect(throttleWait(db, erinFrom(OWNER_ADDRESS), now + 5)).toBe(0);
    expect(throttleWait(db, erinFrom('203.0.113.5'), now + THROTTLE.lockMs + 10)).toBe(0);
  });

  it('stops one address trying many accounts, and only that address', () => {
    const db = testDatabase();
    const now = 1_000_000_000_000;
    for (let i = 0; i < THROTTLE.addressFailures; i++)
      expect(
        beginSignInAttempt(db, { email: `user${i}@example.com`, address: '203.0.113.7' }, now + i),
      ).toEqual({
        admitted: true,
      });
    expect(
      beginSignInAttempt(db, { email: 'someone.new@example.com', address: '203.0.113.7' }, now + 100),
    ).toMatchObject({
      admitted: false,
    });
    expect(
      beginSignInAttempt(db, { email: 'someone.new@example.com', address: '198.51.100.1' }, now + 100),
    ).toEqual({
      admitted: true,
    });
  });

  it('counts one IPv6 network (/64) as one address', () => {
    expect(throttleAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(throttleAddress('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(throttleAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(throttleAddress('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(throttleAddress('::1')).toBe('0:0:0:0::/64');
    expect(throttleAddress('192.0.2.1')).toBe('192.0.2.1');
    const db = testDatabase();
    for (let i = 0; i < THROTTLE.addressFailures; i++)
      beginSignInAttempt(db, { email: `user${i}@example.com`, address: `2001:db8:1:2::${i.toString(16)}` });
    expect(throttleWait(db, { email: 'x@example.com', address: '2001:db8:1:2:ffff::9' })).toBeGreaterThan(0);
  });

  it('refuses all but the allowed number of a burst of parallel guesses', async () => {
    const db = await withOwner();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signIn(db, { email: 'erin@example.com', password: `burst ${i}`, address: '203.0.113.9' }),
      ),
    );
    const reasons = answers.map((a) => (a.ok ? 'ok' : a.reason));
    expect(reasons.filter((r) => r === 'invalid')).toHaveLength(THROTTLE.pairFailures);
    expect(reasons.filter((r) => r === 'throttled')).toHaveLength(20 - THROTTLE.pairFailures);
  });

  it('forgets counters once their window and lock are over, so the table cannot grow without limit', () => {
    const db = testDatabase();
    const start = 1_000_000_000_000;
    for (let i = 0; i < 200; i++)
      beginSignInAttempt(db, { email: `u${i}@example.com`, address: `203.0.113.${i}` }, start);
    expect(rows(db)).toBe(600);
    const later = start + THROTTLE.accountWindowMs + THROTTLE.lockMs;
    expect(throttleWait(db, { email: 'u1@example.com', address: '203.0.113.1' }, later)).toBe(0);
    // The next attempt clears what expired.
    beginSignInAttempt(db, { email: 'late@example.com', address: '192.0.2.1' }, later);
    expect(rows(db)).toBe(3);
    expect(pruneThrottle(db, later + THROTTLE.accountWindowMs)).toBe(3);
  });

  it('forgets known addresses after their time', () => {
    const db = testDatabase();
    const start = 1_000_000_000_000;
    recordSignInSuccess(db, erinFrom(OWNER_ADDRESS), start);
    recordSignInSuccess(db, erinFrom('192.0.2.1'), start + THROTTLE.knownAddressMs + 1);
    expect(db.prepare('SELECT address FROM sign_in_known_addresses').pluck().all()).toEqual(['192.0.2.1']);
  });
});
