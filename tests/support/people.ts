import { createUser } from '#lib/auth/users.ts';
import type { Db } from '#lib/db/db.ts';
import { testDatabase } from './db.ts';

/** The password of the people these helpers make. */
export const TEST_PASSWORD = 'quiet river stones 9';

/** An employee account in `db`, signing in as `<name>@example.com`: Erin unless named otherwise. */
export function addEmployee(db: Db, name = 'Erin') {
  return createUser(db, {
    email: `${name.toLowerCase()}@example.com`,
    displayName: name,
    roles: ['employee'],
    password: TEST_PASSWORD,
  });
}

/** A fresh database with one employee, Erin. */
export async function databaseWithEmployee() {
  const db = testDatabase();
  return { db, user: await addEmployee(db) };
}
