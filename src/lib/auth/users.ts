import { z } from 'zod';
import { sql, type Db } from '#lib/db/db.ts';
import { checkNewPassword, hashPassword } from './passwords.ts';
import { type Principal, type Role, ROLES, RoleSchema } from './roles.ts';
import { invalidateUserSessions } from './sessions.ts';

/**
 * How an account signs in. Only 'password' exists today; single sign-on adds its value here (the column,
 * migration 0051, has no CHECK so the list can grow without a table rebuild).
 */
export const SIGN_IN_METHODS = ['password'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];
export const SIGN_IN_METHOD_LABELS: Record<SignInMethod, string> = { password: 'Password' };

export type User = {
  id: number;
  email: string;
  displayName: string;
  roles: Role[];
  agentTier: number | null;
  disabled: boolean;
  createdAt: string;
  /** A value of SIGN_IN_METHODS, or one this version does not know yet (shown as it is). */
  signInMethod: string;
};

type UserRow = {
  id: number;
  email: string;
  display_name: string;
  agent_tier: number | null;
  disabled_at: string | null;
  created_at: string;
  sign_in_method: string;
  roles: string | null;
};

const USER_COLUMNS = `u.id, u.email, u.display_name, u.agent_tier, u.disabled_at, u.created_at, u.sign_in_method,
  (SELECT group_concat(role) FROM user_roles r WHERE r.user_id = u.id) AS roles`;
const SELECT_USER = `SELECT ${USER_COLUMNS} FROM users u`;

function toUser(row: UserRow): User {
  const stored = new Set((row.roles ?? '').split(','));
  const roles = ROLES.filter((role) => stored.has(role)).sort();
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    roles,
    agentTier: row.agent_tier,
    disabled: Boolean(row.disabled_at),
    createdAt: row.created_at,
    signInMethod: row.sign_in_method,
  };
}

/** The signed-in form of an account (what sessions put in `locals.principal`). */
export function toPrincipal(user: User): Extract<Principal, { kind: 'user' }> {
  return {
    kind: 'user',
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    agentTier: user.agentTier,
  };
}

/** An email address as people type it; stored lowercased so lookups and uniqueness ignore case. */
export const EmailSchema = z
  .string()
  .trim()
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('Enter an email address such as name@example.com.'))
  .transform((e) => e.toLowerCase());

export const NewUserSchema = z
  .object({
    email: EmailSchema,
    displayName: z.string().trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.'),
    roles: z.array(RoleSchema).min(1, 'Choose at least one role.'),
    agentTier: z.coerce.number().int().min(1).max(3).nullable().default(null),
    password: z.string(),
  })
  .superRefine((u, ctx) => {
    if (u.roles.includes('agent') && !u.agentTier)
      ctx.addIssue({ code: 'custom', path: ['agentTier'], message: 'Agents need a tier (1, 2 or 3).' });
    const problem = checkNewPassword(u.password, { email: u.email });
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });
export type NewUser = z.input<typeof NewUserSchema>;

export class EmailTakenError extends Error {}

/** Creates an account; the input is validated here, so every caller gets the same rules. */
export async function createUser(db: Db, input: NewUser): Promise<User> {
  const u = NewUserSchema.parse(input);
  const passwordHash = await hashPassword(u.password);
  const tier = u.roles.includes('agent') ? u.agentTier : null;
  try {
    const id = db.transaction(() => {
      const { lastInsertRowid } = sql(
        db,
        'INSERT INTO users (email, display_name, password_hash, agent_tier) VALUES (?, ?, ?, ?)',
      ).run(u.email, u.displayName, passwordHash, tier);
      for (const role of new Set(u.roles))
        sql(db, 'INSERT INTO user_roles (user_id, role) VALUES (?, ?)').run(lastInsertRowid, role);
      return Number(lastInsertRowid);
    })();
    return getUserById(db, id)!;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
      throw new EmailTakenError(`An account with ${u.email} already exists.`);
    throw error;
  }
}

export function getUserById(db: Db, id: number): User | null {
  const row = sql(db, `${SELECT_USER} WHERE u.id = ?`).get(id) as UserRow | undefined;
  return row ? toUser(row) : null;
}

export function getUserByEmail(db: Db, email: string): User | null {
  const row = sql(db, `${SELECT_USER} WHERE u.email = ?`).get(email.trim().toLowerCase()) as
    UserRow | undefined;
  return row ? toUser(row) : null;
}

/** The stored hash, for sign-in only. */
export function getPasswordHash(db: Db, userId: number): string | null {
  return (
    (sql(db, 'SELECT password_hash FROM users WHERE id = ?').pluck().get(userId) as string | undefined) ??
    null
  );
}

/** What the accounts list can be narrowed to; every field optional. */
export type UserFilter = {
  /** Part of the name or the e-mail address, any case. */
  q?: string;
  role?: Role;
  /** Agent tier 1–3. */
  tier?: number;
  status?: 'active' | 'disabled';
  signInMethod?: SignInMethod;
};

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of accounts matching the filter, by name, and how many match in all. At 20,000 accounts a
 * search is a scan of one table (no index helps "contains"), a few milliseconds; `npm run bench` measures it.
 */
export function searchUsers(
  db: Db,
  filter: UserFilter,
  page: { limit: number; offset: number },
): { users: User[]; total: number } {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.q) {
    where.push("(u.display_name LIKE :q ESCAPE '\\' OR u.email LIKE :q ESCAPE '\\')");
    params.q = likePattern(filter.q);
  }
  if (filter.role) {
    where.push('EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = :role)');
    params.role = filter.role;
  }
  if (filter.tier) {
    where.push('u.agent_tier = :tier');
    params.tier = filter.tier;
  }
  if (filter.status)
    where.push(filter.status === 'disabled' ? 'u.disabled_at IS NOT NULL' : 'u.disabled_at IS NULL');
  if (filter.signInMethod) {
    where.push('u.sign_in_method = :method');
    params.method = filter.signInMethod;
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const order = 'ORDER BY u.display_name COLLATE NOCASE, u.id LIMIT :limit OFFSET :offset';
  const paging = { ...params, limit: page.limit, offset: page.offset };
  if (filter.q) {
    // A "contains" search reads every row whatever the plan: one table scan that also counts (4 ms at
    // 20,000) beats walking the name index and looking each row up, twice (30 ms).
    const rows = sql(
      db,
      `SELECT ${USER_COLUMNS}, m.total FROM (SELECT u.id, count(*) OVER () AS total FROM users u NOT INDEXED ${clause} ${order}) m
      JOIN users u ON u.id = m.id ORDER BY u.display_name COLLATE NOCASE, u.id`,
    ).all(paging) as Array<UserRow & { total: number }>;
    if (rows.length > 0 || page.offset === 0) return { users: rows.map(toUser), total: rows[0]?.total ?? 0 };
  }
  const total = sql(db, `SELECT count(*) FROM users u ${clause}`).pluck().get(params) as number;
  const rows = sql(db, `${SELECT_USER} ${clause} ${order}`).all(paging) as UserRow[];
  return { users: rows.map(toUser), total };
}

/** Accounts, optionally leaving out one e-mail domain (the generated demo history's people, who cannot sign in). */
export function countUsers(db: Db, options: { exceptDomain?: string } = {}): number {
  if (options.exceptDomain)
    return sql(db, 'SELECT count(*) FROM users WHERE email NOT LIKE ?')
      .pluck()
      .get(`%@${options.exceptDomain}`) as number;
  return sql(db, 'SELECT count(*) FROM users').pluck().get() as number;
}

/** Replaces a user's roles and tier; their sessions end so the change applies at once. */
export function setUserRoles(db: Db, userId: number, roles: Role[], agentTier: number | null): void {
  if (roles.length === 0) throw new Error('A user needs at least one role.');
  db.transaction(() => {
    sql(db, 'DELETE FROM user_roles WHERE user_id = ?').run(userId);
    for (const role of new Set(roles))
      sql(db, 'INSERT INTO user_roles (user_id, role) VALUES (?, ?)').run(userId, role);
    sql(db, 'UPDATE users SET agent_tier = ? WHERE id = ?').run(
      roles.includes('agent') ? agentTier : null,
      userId,
    );
    invalidateUserSessions(db, userId);
  })();
}

/** Disables (ending every session) or re-enables an account. */
export function setUserDisabled(db: Db, userId: number, disabled: boolean): void {
  db.transaction(() => {
    sql(
      db,
      `UPDATE users SET disabled_at = ${disabled ? "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" : 'NULL'} WHERE id = ?`,
    ).run(userId);
    if (disabled) invalidateUserSessions(db, userId);
  })();
}

/** Sets a new password (already checked by the caller's schema) and ends every session of the user. */
export async function setUserPassword(db: Db, userId: number, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  db.transaction(() => {
    sql(
      db,
      "UPDATE users SET password_hash = ?, password_changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
    ).run(passwordHash, userId);
    invalidateUserSessions(db, userId);
  })();
}
