import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { Role } from '#lib/auth/roles.ts';
import { createSession, generateSessionToken } from '#lib/auth/sessions.ts';
import { createUser, type User } from '#lib/auth/users.ts';
import { getDatabase } from '#lib/db/db.ts';

export const E2E_PASSWORD = 'plum-orchard-velvet-42';

/** Creates an account directly in the portal's database (Epic Stack style: no UI round trip). */
export async function createTestUser(
  dataDir: string,
  roles: Role[],
  agentTier: number | null = null,
): Promise<User> {
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  const email = `e2e-${roles.join('-')}-${randomBytes(4).toString('hex')}@fixpoint.example`;
  return createUser(db, {
    email,
    displayName: `Test ${roles.join(' ')}`,
    roles,
    agentTier: roles.includes('agent') ? (agentTier ?? 1) : null,
    password: E2E_PASSWORD,
  });
}

/** A session token for a user, as the sign-in form would have created it. */
export function createTestSession(dataDir: string, userId: number): string {
  const token = generateSessionToken();
  createSession(getDatabase(path.join(dataDir, 'fixpoint.db')), token, userId);
  return token;
}

type Fixtures = {
  /** Roles of the person the test's browser is signed in as; null for signed out. */
  role: Role[] | null;
  /** The signed-in user (created for this test), or null. */
  user: User | null;
};

export const test = base.extend<Fixtures>({
  role: [['employee'], { option: true }],
  user: [
    async ({ role, context, baseURL }, use) => {
      if (!role) return use(null);
      const dataDir = process.env.E2E_DATA_DIR!;
      const user = await createTestUser(dataDir, role);
      await context.addCookies([
        { name: 'fixpoint_session', value: createTestSession(dataDir, user.id), url: baseURL! },
      ]);
      await use(user);
    },
    { auto: true },
  ],
});

export { expect };
