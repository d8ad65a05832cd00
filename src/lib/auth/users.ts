import { z } from 'zod';
import { sql, type Db } from '#lib/db/db.ts';
import { containsPattern, LIKE_ESCAPE } from '#lib/db/like.ts';
import { checkNewPassword, hashPassword } from './passwords.ts';
import { type Principal, type Role, ROLES, RoleSchema } from './roles.ts';
import { invalidateUserSessions } from './sessions.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';

export type User = {
  id: number;
  email: string;
  displayName: string;
  roles: Role[];
  agentTier: number | null;
  disabled: boolean;
  createdAt: string;
  /** When and how the account last signed in (null: never since single sign-on arrived). */
  lastSignInAt: string | null;
  lastSignInMethod: SignInMethod | null;
  /** May sign in with a password even when SSO_ONLY is set (for when the provider is down). */
  breakGlass: boolean;
  /** False for accounts created through the provider: they have no password to sign in with. */
  hasPassword: boolean;
  /** The language the person chose (or the provider's `locale` claim, until they choose): en, de, it. */
  locale: string | null;
  /** The IANA time zone their browser last reported (times in mail use it). */
  timeZone: string | null;
  /** How the account signs in: through the provider once linked to an identity there, else a password. */
  signInMethod: SignInMethod;
  /** Mail to the account's address bounced (a 5.x.x delivery report): Fixpoint stops mailing it. */
  mailFailing: { since: string; reason: string } | null;
};

/** How an account signs in (and how a person last did). */
export const SIGN_IN_METHODS = ['password', 'sso'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];
export const SIGN_IN_METHOD_LABELS: Record<SignInMethod, MessageKey> = {
  password: 'labels.signInPassword',
  sso: 'labels.signInSso',
};
/** An account linked to an identity at the provider signs in there (user_identities, sso.ts). */
const SIGN_IN_METHOD_SQL = `CASE WHEN EXISTS (SELECT 1 FROM user_identities i WHERE i.user_id = u.id) THEN 'sso' ELSE 'password' END`;

/** Stored in password_hash for accounts without a password: no argon2 hash starts with it. */
const NO_PASSWORD = '!';

type UserRow = {
  id: number;
  email: string;
  display_name: string;
  agent_tier: number | null;
  disabled_at: string | null;
  created_at: string;
  sign_in_method: SignInMethod;
  roles: string | null;
  last_sign_in_at: string | null;
  last_sign_in_method: SignInMethod | null;
  break_glass: number;
  has_password: number;
  locale: string | null;
  time_zone: string | null;
  mail_failing_since: string | null;
  mail_failing_reason: string | null;
};

const USER_COLUMNS = `u.id, u.email, u.display_name, u.agent_tier, u.disabled_at, u.created_at,
  u.last_sign_in_at, u.last_sign_in_method, u.break_glass, u.locale, u.time_zone, u.password_hash <> '${NO_PASSWORD}' AS has_password,
  CASE WHEN u.mail_failing_address = u.email THEN u.mail_failing_since END AS mail_failing_since,
  CASE WHEN u.mail_failing_address = u.email THEN u.mail_failing_reason END AS mail_failing_reason,
  ${SIGN_IN_METHOD_SQL} AS sign_in_method,
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
    lastSignInAt: row.last_sign_in_at,
    lastSignInMethod: row.last_sign_in_method,
    breakGlass: row.break_glass === 1,
    hasPassword: row.has_password === 1,
    locale: row.locale,
    timeZone: row.time_zone,
    signInMethod: row.sign_in_method,
    mailFailing: row.mail_failing_since
      ? { since: row.mail_failing_since, reason: row.mail_failing_reason ?? '' }
      : null,
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
    locale: user.locale,
    timeZone: user.timeZone,
  };
}

/** An email address as people type it; stored lowercased so lookups and uniqueness ignore case. */
export const EmailSchema = z
  .string()
  .trim()
  .max(254, 'auth.emailTooLong')
  .pipe(z.email('auth.emailInvalid'))
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

/** The stored hash, for sign-in only; null when there is none (an account made through the provider). */
export function getPasswordHash(db: Db, userId: number): string | null {
  const hash = sql(db, 'SELECT password_hash FROM users WHERE id = ?').pluck().get(userId) as
    string | undefined;
  return hash && hash !== NO_PASSWORD ? hash : null;
}

/** A new account from the provider's claims: no password, roles as the caller decided. */
export function createPasswordlessUser(
  db: Db,
  input: {
    email: string;
    displayName: string;
    locale: string | null;
    roles: Role[];
    agentTier: number | null;
  },
): User {
  const { lastInsertRowid } = sql(
    db,
    'INSERT INTO users (email, display_name, password_hash, agent_tier, locale) VALUES (?, ?, ?, ?, ?)',
  ).run(
    input.email.toLowerCase(),
    input.displayName,
    NO_PASSWORD,
    input.roles.includes('agent') ? input.agentTier : null,
    input.locale,
  );
  for (const role of new Set(input.roles))
    sql(db, 'INSERT INTO user_roles (user_id, role) VALUES (?, ?)').run(lastInsertRowid, role);
  return getUserById(db, Number(lastInsertRowid))!;
}

/** Remembers a successful sign-in (shown in /admin). */
export function recordSignIn(db: Db, userId: number, method: SignInMethod): void {
  sql(
    db,
    "UPDATE users SET last_sign_in_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), last_sign_in_method = ? WHERE id = ?",
  ).run(method, userId);
}

/** Name as the provider says it now; its language only until the person chooses one of their own. */
export function updateProfile(
  db: Db,
  userId: number,
  profile: { displayName: string; locale: string | null },
): void {
  sql(db, 'UPDATE users SET display_name = ?, locale = coalesce(locale, ?) WHERE id = ?').run(
    profile.displayName,
    profile.locale,
    userId,
  );
}

/** The language a person chose in the switcher or on /account. */
export function saveLocale(db: Db, userId: number, locale: string): void {
  sql(db, 'UPDATE users SET locale = ? WHERE id = ?').run(locale, userId);
}

/** The time zone a person's browser reported, kept for mail (written only when it changed). */
export function rememberTimeZone(db: Db, userId: number, timeZone: string): void {
  sql(db, 'UPDATE users SET time_zone = ? WHERE id = ? AND time_zone IS NOT ?').run(
    timeZone,
    userId,
    timeZone,
  );
}

/** Marks an account as break-glass: it keeps password sign-in under SSO_ONLY. */
export function setBreakGlass(db: Db, userId: number, breakGlass: boolean): void {
  sql(db, 'UPDATE users SET break_glass = ? WHERE id = ?').run(breakGlass ? 1 : 0, userId);
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
    where.push(`(u.display_name LIKE :q ${LIKE_ESCAPE} OR u.email LIKE :q ${LIKE_ESCAPE})`);
    params.q = containsPattern(filter.q);
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
    where.push(`${SIGN_IN_METHOD_SQL} = :method`);
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
export function setUserRoles(
  db: Db,
  userId: number,
  roles: Role[],
  agentTier: number | null,
  options: { endSessions?: boolean } = {},
): void {
  if (roles.length === 0) throw new Error('A user needs at least one role.');
  db.transaction(() => {
    sql(db, 'DELETE FROM user_roles WHERE user_id = ?').run(userId);
    for (const role of new Set(roles))
      sql(db, 'INSERT INTO user_roles (user_id, role) VALUES (?, ?)').run(userId, role);
    sql(db, 'UPDATE users SET agent_tier = ? WHERE id = ?').run(
      roles.includes('agent') ? agentTier : null,
      userId,
    );
    if (options.endSessions !== false) invalidateUserSessions(db, userId);
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

/**
 * Marks an address as failing (mail to it bounced for good): the account keeps the address with the
 * mark, so the mark lapses by itself when the address changes. Returns whether an account has it.
 */
export function markMailFailing(db: Db, email: string, reason: string, now = new Date()): boolean {
  return (
    sql(
      db,
      `UPDATE users SET mail_failing_address = email, mail_failing_reason = ?,
         mail_failing_since = CASE WHEN mail_failing_address = email THEN mail_failing_since ELSE ? END
       WHERE email = ?`,
    ).run(reason.slice(0, 500), now.toISOString(), email.trim().toLowerCase()).changes > 0
  );
}

/** An admin's "mail it again": the mark is removed (a new bounce sets it again). */
export function clearMailFailing(db: Db, userId: number): boolean {
  return (
    sql(
      db,
      'UPDATE users SET mail_failing_address = NULL, mail_failing_since = NULL, mail_failing_reason = NULL WHERE id = ? AND mail_failing_address IS NOT NULL',
    ).run(userId).changes === 1
  );
}

/** Why mail to an address is not sent (it bounced for good), or null. */
export function mailFailingReason(db: Db, email: string): string | null {
  return (
    (sql(db, 'SELECT mail_failing_reason FROM users WHERE email = ? AND mail_failing_address = email')
      .pluck()
      .get(email.trim().toLowerCase()) as string | null | undefined) ?? null
  );
}
