import { createHash } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { sql, type Db } from '#lib/db/db.ts';
import type { Principal, Role } from './roles.ts';

export type ApiToken = {
  id: number;
  name: string;
  role: Role;
  createdBy: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

const PREFIX = 'fxp_';
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a token; the plain value is returned once and only its hash is kept. */
export function createApiToken(
  db: Db,
  input: { name: string; role: Role; createdBy: number | null },
): { token: string; id: number } {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  const token = PREFIX + encodeBase32LowerCaseNoPadding(bytes);
  const { lastInsertRowid } = sql(
    db,
    'INSERT INTO api_tokens (name, token_hash, role, created_by) VALUES (?, ?, ?, ?)',
  ).run(input.name, hashToken(token), input.role, input.createdBy);
  return { token, id: Number(lastInsertRowid) };
}

export function revokeApiToken(db: Db, id: number): boolean {
  return (
    sql(
      db,
      "UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND revoked_at IS NULL",
    ).run(id).changes > 0
  );
}

export function listApiTokens(db: Db): ApiToken[] {
  return db
    .prepare(
      'SELECT id, name, role, created_by AS createdBy, created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt FROM api_tokens ORDER BY id DESC',
    )
    .all() as ApiToken[];
}

/** The principal for a bearer token, or null for an unknown or revoked one. */
export function validateApiToken(db: Db, token: string): Principal | null {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const row = sql(
    db,
    'SELECT id, name, role FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL',
  ).get(hashToken(token)) as { id: number; name: string; role: Role } | undefined;
  if (!row) return null;
  // Recording use to the minute is enough for "is this token still used?" and avoids a write per request.
  sql(
    db,
    "UPDATE api_tokens SET last_used_at = strftime('%Y-%m-%dT%H:%M:00Z', 'now') WHERE id = ? AND (last_used_at IS NULL OR last_used_at < strftime('%Y-%m-%dT%H:%M:00Z', 'now'))",
  ).run(row.id);
  return { kind: 'token', id: row.id, name: row.name, roles: [row.role] };
}
