import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Db } from '#lib/db/db.ts';

/** What a signed link may do; a token signed for one purpose never works for another. */
export type LinkPurpose = 'unsubscribe' | 'solved';

const keys = new WeakMap<Db, Buffer>();
function linkKey(db: Db): Buffer {
  let key = keys.get(db);
  if (!key) {
    const hex = sql(db, "SELECT secret FROM mail_keys WHERE name = 'links'").pluck().get() as string;
    keys.set(db, (key = Buffer.from(hex, 'hex')));
  }
  return key;
}

const signature = (db: Db, purpose: LinkPurpose, body: string) =>
  createHmac('sha256', linkKey(db)).update(`${purpose}\n${body}`).digest('base64url').slice(0, 32);

/**
 * A token for a link in a mail: the payload (letters, digits, `_` and `-` only), an optional expiry,
 * and an HMAC over both with the database's link key. Not secret, but unforgeable.
 */
export function signLink(db: Db, purpose: LinkPurpose, payload: string, expiresAt?: Date): string {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(payload)) throw new Error(`Unsignable link payload ${payload}`);
  const body = `${payload}.${expiresAt ? Math.floor(expiresAt.getTime() / 1000).toString(36) : '0'}`;
  return `${body}.${signature(db, purpose, body)}`;
}

/** The payload of a valid, unexpired token for `purpose`, else null. */
export function verifyLink(db: Db, purpose: LinkPurpose, token: string, now = new Date()): string | null {
  const match = /^([A-Za-z0-9_-]{1,200})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const [, payload, expiry, given] = match;
  const expected = Buffer.from(signature(db, purpose, `${payload}.${expiry}`));
  if (!timingSafeEqual(expected, Buffer.from(given!))) return null;
  if (expiry !== '0' && parseInt(expiry!, 36) * 1000 <= now.getTime()) return null;
  return payload!;
}
