import { sql, type Db } from '#lib/db/db.ts';
import { HISTORY_EMAIL_DOMAIN } from './demo-accounts.ts';
import type { Role } from './roles.ts';

/**
 * A well-formed argon2id hash whose digest is filler: no password verifies against it, so the
 * history's accounts appear in reports and timelines but nobody can sign in as them.
 */
export const HISTORY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$ZGVtb2RlbW9kZW1v$ZGVtb2RlbW9kZW1vZGVtb2RlbW9kZW1vZGVtbw';

/** A person of a generated history: one role, an address @HISTORY_EMAIL_DOMAIN, a past creation time. */
export type HistoryAccount = {
  email: string;
  displayName: string;
  role: Role;
  agentTier: number | null;
  createdAt: string;
};

/** How many accounts of a generated history the database holds (0: none was generated into it). */
export function countHistoryAccounts(db: Db): number {
  return sql(db, 'SELECT count(*) FROM users WHERE email LIKE ?')
    .pluck()
    .get(`%@${HISTORY_EMAIL_DOMAIN}`) as number;
}

/**
 * Writes the accounts of a generated history, none of which can sign in, and returns their ids in
 * order. Runs inside the caller's transaction; createUser() would hash a password per account.
 */
export function importHistoryAccounts(db: Db, accounts: readonly HistoryAccount[]): number[] {
  const insertUser = sql(
    db,
    'INSERT INTO users (email, display_name, password_hash, agent_tier, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertRole = sql(db, 'INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
  return accounts.map((a) => {
    // seedDemoAccounts and the refusal of a second history recognise these people by their domain.
    if (!a.email.endsWith(`@${HISTORY_EMAIL_DOMAIN}`))
      throw new Error(`History accounts use @${HISTORY_EMAIL_DOMAIN} addresses (got ${a.email}).`);
    const tier = a.role === 'agent' ? a.agentTier : null;
    const id = Number(
      insertUser.run(
        a.email.toLowerCase(),
        a.displayName,
        HISTORY_PASSWORD_HASH,
        tier,
        a.createdAt,
        a.createdAt,
      ).lastInsertRowid,
    );
    insertRole.run(id, a.role);
    return id;
  });
}
