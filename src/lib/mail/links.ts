import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Db } from '#lib/db/db.ts';

/** What a signed link may do; a token signed for one purpose never works for another. */
export type LinkPurpose = 'unsubscribe' | 'solved' | 'reply';

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

/** What a token is: valid (with its payload), signed but past its expiry, or not ours (forged, mangled). */
export type LinkCheck = { state: 'valid'; payload: string } | { state: 'expired' | 'forged' };

/** Checks a token for `purpose`, telling an expired link (a clear "ask again") from a forged one. */
export function checkLink(db: Db, purpose: LinkPurpose, token: string, now = new Date()): LinkCheck {
  const match = /^([A-Za-z0-9_-]{1,200})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return { state: 'forged' };
  const [, payload, expiry, given] = match;
  const expected = Buffer.from(signature(db, purpose, `${payload}.${expiry}`));
  if (!timingSafeEqual(expected, Buffer.from(given!))) return { state: 'forged' };
  if (expiry !== '0' && parseInt(expiry!, 36) * 1000 <= now.getTime()) return { state: 'expired' };
  return { state: 'valid', payload: payload! };
}

/** The payload of a valid, unexpired token for `purpose`, else null. */
export function verifyLink(db: Db, purpose: LinkPurpose, token: string, now = new Date()): string | null {
  const checked = checkLink(db, purpose, token, now);
  return checked.state === 'valid' ? checked.payload : null;
}

const signatureOf = (token: string) => token.slice(token.lastIndexOf('.') + 1);

/** Whether a single-use link was used already. */
export function isLinkUsed(db: Db, token: string): boolean {
  return Boolean(sql(db, 'SELECT 1 FROM mail_used_links WHERE signature = ?').get(signatureOf(token)));
}

/**
 * Marks a single-use link used; false when it already was. Call it inside the transaction of what the
 * link does: of two clicks at once, exactly one does it.
 */
export function useLinkOnce(db: Db, purpose: LinkPurpose, token: string, now = new Date()): boolean {
  return (
    sql(db, 'INSERT OR IGNORE INTO mail_used_links (signature, purpose, used_at) VALUES (?, ?, ?)').run(
      signatureOf(token),
      purpose,
      now.toISOString(),
    ).changes === 1
  );
}
