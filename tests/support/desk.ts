import type { Principal } from '#lib/auth/roles.ts';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import type { Db } from '#lib/db/db.ts';
import { testDatabase } from './db.ts';

export type Person = Extract<Principal, { kind: 'user' }>;

/** A fresh database with one employee (Erin) and two tier-1 agents (Alex, Bo), as signed-in principals. */
export async function deskWithPeople(): Promise<{ db: Db; erin: Person; alex: Person; bo: Person }> {
  const db = testDatabase();
  const password = 'quiet river stones 9';
  const erin = toPrincipal(
    await createUser(db, { email: 'erin@example.com', displayName: 'Erin', roles: ['employee'], password }),
  );
  const alex = toPrincipal(
    await createUser(db, {
      email: 'alex@example.com',
      displayName: 'Alex',
      roles: ['agent'],
      agentTier: 1,
      password,
    }),
  );
  const bo = toPrincipal(
    await createUser(db, {
      email: 'bo@example.com',
      displayName: 'Bo',
      roles: ['agent'],
      agentTier: 1,
      password,
    }),
  );
  return { db, erin, alex, bo };
}
