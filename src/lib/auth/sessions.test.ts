import { describe, expect, it } from 'vitest';
import { databaseWithEmployee } from '#test/people.ts';
import {
  createSession,
  deleteExpiredSessions,
  generateSessionToken,
  invalidateSession,
  invalidateUserSessions,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  sessionIdFromToken,
  validateSessionToken,
} from './sessions.ts';
import { setUserDisabled, setUserPassword } from './users.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);

describe('sessions', () => {
  it('stores only the SHA-256 of the token', async () => {
    const { db, user } = await databaseWithEmployee();
    const token = generateSessionToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    createSession(db, token, user.id, T0);
    const ids = db.prepare('SELECT id FROM sessions').pluck().all();
    expect(ids).toEqual([sessionIdFromToken(token)]);
    expect(JSON.stringify(db.prepare('SELECT * FROM sessions').all())).not.toContain(token);
  });

  it('accepts a live token and refuses forged, malformed and unknown ones', async () => {
    const { db, user } = await databaseWithEmployee();
    const token = generateSessionToken();
    createSession(db, token, user.id, T0);
    expect(validateSessionToken(db, token, T0 + 1000)).toMatchObject({ userId: user.id, renewed: false });
    expect(validateSessionToken(db, generateSessionToken(), T0)).toBeNull();
    // One character changed (to another letter of the token alphabet: never the same token again).
    const forged = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    expect(validateSessionToken(db, forged, T0)).toBeNull();
    expect(validateSessionToken(db, "x' OR '1'='1", T0)).toBeNull();
    expect(validateSessionToken(db, 'a'.repeat(10_000), T0)).toBeNull();
  });

  it('slides: activity within the idle window extends it, at most once a day', async () => {
    const { db, user } = await databaseWithEmployee();
    const token = generateSessionToken();
    createSession(db, token, user.id, T0);
    expect(validateSessionToken(db, token, T0 + DAY / 2)?.renewed).toBe(false);
    const renewed = validateSessionToken(db, token, T0 + 2 * DAY)!;
    expect(renewed.renewed).toBe(true);
    expect(renewed.expiresAt).toBe(T0 + 2 * DAY + SESSION_IDLE_MS);
    // Six days after that last renewal, still inside the new window.
    expect(validateSessionToken(db, token, T0 + 8 * DAY)).not.toBeNull();
  });

  it('expires after the idle time without activity, and deletes the row', async () => {
    const { db, user } = await databaseWithEmployee();
    const token = generateSessionToken();
    createSession(db, token, user.id, T0);
    expect(validateSessionToken(db, token, T0 + SESSION_IDLE_MS)).toBeNull();
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
  });

  it('never outlives the absolute maximum, however active', async () => {
    const { db, user } = await databaseWithEmployee();
    const token = generateSessionToken();
    createSession(db, token, user.id, T0);
    let now = T0;
    while (now < T0 + SESSION_ABSOLUTE_MS - DAY) {
      now += 2 * DAY;
      if (now < T0 + SESSION_ABSOLUTE_MS) expect(validateSessionToken(db, token, now)).not.toBeNull();
    }
    const last = validateSessionToken(db, token, T0 + SESSION_ABSOLUTE_MS - 1);
    expect(last?.expiresAt).toBe(T0 + SESSION_ABSOLUTE_MS);
    expect(validateSessionToken(db, token, T0 + SESSION_ABSOLUTE_MS)).toBeNull();
  });

  it('ends on sign-out, on password change and when the account is disabled', async () => {
    const { db, user } = await databaseWithEmployee();
    const [a, b, c] = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
    for (const t of [a, b, c]) createSession(db, t, user.id);
    invalidateSession(db, sessionIdFromToken(a));
    expect(validateSessionToken(db, a)).toBeNull();
    expect(validateSessionToken(db, b)).not.toBeNull();

    await setUserPassword(db, user.id, 'a brand new passphrase');
    expect(validateSessionToken(db, b)).toBeNull();
    expect(validateSessionToken(db, c)).toBeNull();

    const d = generateSessionToken();
    createSession(db, d, user.id);
    setUserDisabled(db, user.id, true);
    expect(validateSessionToken(db, d)).toBeNull();
  });

  it('refuses a session of a disabled account even if its row survived', async () => {
    const { db, user } = await databaseWithEmployee();
    const token = generateSessionToken();
    createSession(db, token, user.id);
    db.prepare("UPDATE users SET disabled_at = '2026-11-01T00:00:00Z' WHERE id = ?").run(user.id);
    expect(validateSessionToken(db, token)).toBeNull();
  });

  it('cleans up expired sessions and counts invalidations', async () => {
    const { db, user } = await databaseWithEmployee();
    createSession(db, generateSessionToken(), user.id, T0);
    createSession(db, generateSessionToken(), user.id, T0 + 10 * DAY);
    expect(deleteExpiredSessions(db, T0 + 9 * DAY)).toBe(1);
    expect(invalidateUserSessions(db, user.id)).toBe(1);
  });
});
