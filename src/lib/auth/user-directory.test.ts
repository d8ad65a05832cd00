import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import type { Db } from '#lib/db/db.ts';
import { iterateAudit, listAudit, listAuditActions } from './audit.ts';
import { searchUsers, type UserFilter } from './users.ts';

// Accounts written directly (hashing 30 passwords would only slow the test down).
function account(
  db: Db,
  id: number,
  name: string,
  roles: string[],
  extra: { tier?: number; disabled?: boolean; method?: string } = {},
) {
  db.prepare(
    "INSERT INTO users (id, email, display_name, password_hash, agent_tier, disabled_at) VALUES (?, ?, ?, 'x', ?, ?)",
  ).run(
    id,
    `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`,
    name,
    extra.tier ?? null,
    extra.disabled ? '2026-11-01T00:00:00.000Z' : null,
  );
  // An account linked to an identity at the provider signs in there.
  if (extra.method === 'sso')
    db.prepare(
      "INSERT INTO user_identities (user_id, issuer, subject, linked_how) VALUES (?, 'https://idp.example', ?, 'created')",
    ).run(id, `sub-${id}`);
  for (const role of roles) db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)').run(id, role);
}

function directory(): Db {
  const db = testDatabase();
  account(db, 1, 'Ada Okonkwo', ['agent'], { tier: 1 });
  account(db, 2, 'Bruno Keller', ['agent', 'manager'], { tier: 2 });
  account(db, 3, 'Chiara Rossi', ['employee'], { disabled: true });
  account(db, 4, 'dana_underscore', ['employee']);
  account(db, 5, 'Dan Percent 100%', ['admin'], { method: 'sso' });
  for (let i = 0; i < 60; i++)
    account(db, 100 + i, `Zed Employee ${String(i).padStart(2, '0')}`, ['employee']);
  return db;
}
const names = (db: Db, filter: UserFilter, page = { limit: 50, offset: 0 }) =>
  searchUsers(db, filter, page).users.map((u) => u.displayName);

describe('the accounts list at the size of a company', () => {
  it('finds people by part of their name or e-mail, in any case', () => {
    const db = directory();
    expect(names(db, { q: 'kELLer' })).toEqual(['Bruno Keller']);
    expect(names(db, { q: 'chiara.rossi@' })).toEqual(['Chiara Rossi']);
    // LIKE's wildcards are text here: "_" and "%" match only themselves.
    expect(names(db, { q: '_' })).toEqual(['dana_underscore']);
    expect(names(db, { q: '100%' })).toEqual(['Dan Percent 100%']);
    expect(names(db, { q: "' OR 1=1 --" })).toEqual([]);
  });

  it('filters by role, tier, status and sign-in method, together', () => {
    const db = directory();
    expect(names(db, { role: 'agent' })).toEqual(['Ada Okonkwo', 'Bruno Keller']);
    expect(names(db, { role: 'agent', tier: 2 })).toEqual(['Bruno Keller']);
    expect(names(db, { status: 'disabled' })).toEqual(['Chiara Rossi']);
    expect(searchUsers(db, { status: 'active' }, { limit: 1, offset: 0 }).total).toBe(64);
    expect(names(db, { signInMethod: 'password', role: 'admin' })).toEqual([]);
    expect(searchUsers(db, { role: 'admin' }, { limit: 5, offset: 0 }).users[0]).toMatchObject({
      signInMethod: 'sso',
    });
  });

  it('pages by name with the total of all matches', () => {
    const db = directory();
    const first = searchUsers(db, { role: 'employee' }, { limit: 50, offset: 0 });
    const second = searchUsers(db, { role: 'employee' }, { limit: 50, offset: 50 });
    expect(first.total).toBe(62);
    expect(first.users.map((u) => u.displayName).slice(0, 3)).toEqual([
      'Chiara Rossi',
      'dana_underscore',
      'Zed Employee 00',
    ]);
    expect(second.users.map((u) => u.displayName)).toEqual(
      Array.from({ length: 12 }, (_, i) => `Zed Employee ${48 + i}`),
    );
  });
});

describe('the audit log filters', () => {
  it('narrow by actor, action and UTC days, and the export reads the same entries', () => {
    const db = testDatabase();
    const insert = db.prepare('INSERT INTO audit_log (at, actor, action, target) VALUES (?, ?, ?, ?)');
    insert.run('2026-11-20T23:59:59.999Z', 'user:1 ada@example.com', 'user.disable', 'a');
    insert.run('2026-11-21T00:00:00.000Z', 'user:1 ada@example.com', 'user.create', 'b');
    insert.run('2026-11-21T12:00:00.000Z', 'token:3 BI_dashboard', 'user.disable', 'c');
    insert.run('2026-11-22T00:00:00.000Z', 'user:2 bruno@example.com', 'user.disable', 'd');
    const targets = (filter: Parameters<typeof listAudit>[1]) =>
      listAudit(db, filter).entries.map((e) => e.target);
    expect(targets({ action: 'user.disable' })).toEqual(['d', 'c', 'a']);
    expect(targets({ actor: 'ADA@' })).toEqual(['b', 'a']);
    expect(targets({ actor: 'bi_' })).toEqual(['c']);
    expect(targets({ actor: '_dash' })).toEqual(['c']); // "_" is a character, not a wildcard
    expect(targets({ from: '2026-11-21', to: '2026-11-21' })).toEqual(['c', 'b']);
    expect(targets({ from: '2026-11-21', action: 'user.disable' })).toEqual(['d', 'c']);
    expect(listAudit(db, { to: '2026-11-20' }).total).toBe(1);
    expect([...iterateAudit(db, { action: 'user.disable', to: '2026-11-21' })].map((e) => e.target)).toEqual([
      'c',
      'a',
    ]);
    expect(listAuditActions(db)).toEqual(['user.create', 'user.disable']);
  });
});
