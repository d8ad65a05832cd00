import { sql, type Db } from '#lib/db/db.ts';

/** The provider's account linked to a Fixpoint account. */
export type Identity = {
  userId: number;
  issuer: string;
  subject: string;
  email: string | null;
  groups: string[];
  linkedAt: string;
  /** created: the account was made at the first sign-in; linked: an existing account was joined to it. */
  linkedHow: 'created' | 'linked';
};

type Row = {
  user_id: number;
  issuer: string;
  subject: string;
  email: string | null;
  groups: string | null;
  linked_at: string;
  linked_how: 'created' | 'linked';
};

function toIdentity(row: Row): Identity {
  let groups: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.groups ?? '[]');
    if (Array.isArray(parsed)) groups = parsed.filter((g): g is string => typeof g === 'string');
  } catch {
    // A row written by hand: no groups.
  }
  return {
    userId: row.user_id,
    issuer: row.issuer,
    subject: row.subject,
    email: row.email,
    groups,
    linkedAt: row.linked_at,
    linkedHow: row.linked_how,
  };
}

export function getIdentityBySubject(db: Db, issuer: string, subject: string): Identity | null {
  const row = sql(db, 'SELECT * FROM user_identities WHERE issuer = ? AND subject = ?').get(
    issuer,
    subject,
  ) as Row | undefined;
  return row ? toIdentity(row) : null;
}

export function getIdentityOfUser(db: Db, userId: number): Identity | null {
  const row = sql(db, 'SELECT * FROM user_identities WHERE user_id = ?').get(userId) as Row | undefined;
  return row ? toIdentity(row) : null;
}

/** Links an account to the provider's account (once: a second link for either side is refused by the keys). */
export function linkIdentity(
  db: Db,
  identity: Pick<Identity, 'userId' | 'issuer' | 'subject' | 'email' | 'groups' | 'linkedHow'>,
): void {
  sql(
    db,
    'INSERT INTO user_identities (user_id, issuer, subject, email, groups, linked_how) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(
    identity.userId,
    identity.issuer,
    identity.subject,
    identity.email,
    JSON.stringify(identity.groups),
    identity.linkedHow,
  );
}

/** What the provider said at the latest sign-in. */
export function updateIdentityClaims(
  db: Db,
  userId: number,
  claims: { email: string | null; groups: string[] },
): void {
  sql(db, 'UPDATE user_identities SET email = ?, groups = ? WHERE user_id = ?').run(
    claims.email,
    JSON.stringify(claims.groups),
    userId,
  );
}
