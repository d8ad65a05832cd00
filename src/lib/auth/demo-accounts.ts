import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '#lib/db/db.ts';
import { recordAudit } from './audit.ts';
import type { Role } from './roles.ts';
import { countUsers, createUser } from './users.ts';

/** E-mail domain of the people in a generated demo history (npm run demo:generate); none of them can sign in. */
export const HISTORY_EMAIL_DOMAIN = 'history.fixpoint.example';

const DEMO: Array<{ email: string; displayName: string; roles: Role[]; agentTier?: number }> = [
  { email: 'employee@fixpoint.example', displayName: 'Erin Employee', roles: ['employee'] },
  { email: 'agent@fixpoint.example', displayName: 'Alex Agent', roles: ['agent'], agentTier: 1 },
  { email: 'manager@fixpoint.example', displayName: 'Morgan Manager', roles: ['manager'] },
  { email: 'admin@fixpoint.example', displayName: 'Ada Admin', roles: ['admin', 'manager'] },
];

/** A password that passes the rules: 20 random base32 characters in groups, e.g. "k3f9-x2pq-…". */
function randomPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const chars = [...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

/**
 * On the first start of a development installation (no accounts yet), creates one account per role
 * with random passwords, written once to DATA_DIR/demo-accounts.txt (mode 0600). Never in production.
 */
export async function seedDemoAccounts(
  db: Db,
  dataDir: string,
  env: string,
): Promise<Array<{ email: string; password: string; roles: Role[] }> | null> {
  // A generated history (npm run demo:generate) may already have filled the database with people who cannot sign in.
  if (env !== 'development' || countUsers(db, { exceptDomain: HISTORY_EMAIL_DOMAIN }) > 0) return null;
  const created = [];
  for (const demo of DEMO) {
    const password = randomPassword();
    await createUser(db, { ...demo, agentTier: demo.agentTier ?? null, password });
    created.push({ email: demo.email, password, roles: demo.roles });
  }
  recordAudit(db, {
    actor: 'system',
    action: 'user.demo-seed',
    detail: { emails: created.map((c) => c.email) },
  });
  const file = path.join(dataDir, 'demo-accounts.txt');
  const lines = created.map((c) => `${c.roles.join('+').padEnd(15)} ${c.email.padEnd(28)} ${c.password}`);
  fs.writeFileSync(
    file,
    `Fixpoint demo accounts (development only; change or disable them in /admin)\n\n${lines.join('\n')}\n`,
    { mode: 0o600 },
  );
  fs.chmodSync(file, 0o600);
  return created;
}
