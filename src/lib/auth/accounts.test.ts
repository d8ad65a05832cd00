import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { tempDir } from '#test/temp.ts';
import { createApiToken, listApiTokens, revokeApiToken, validateApiToken } from './api-tokens.ts';
import { listAudit, recordAudit } from './audit.ts';
import { seedDemoAccounts } from './demo-accounts.ts';
import { signIn } from './sign-in.ts';
import { countUsers, createUser, EmailTakenError, getUserByEmail, setUserRoles } from './users.ts';

describe('accounts', () => {
  it('validates new accounts: email, roles, tier, password', async () => {
    const db = testDatabase();
    await expect(
      createUser(db, {
        email: 'not an email',
        displayName: 'X',
        roles: ['employee'],
        password: 'lilac tram over quiet bridges',
      }),
    ).rejects.toThrow(/auth\.emailInvalid/);
    await expect(
      createUser(db, {
        email: "x'); DROP TABLE users; --@example.com",
        displayName: 'X',
        roles: ['employee'],
        password: 'lilac tram over quiet bridges',
      }),
    ).rejects.toThrow(/auth\.emailInvalid/);
    await expect(
      createUser(db, {
        email: 'a@example.com',
        displayName: 'A',
        roles: ['agent'],
        password: 'lilac tram over quiet bridges',
      }),
    ).rejects.toThrow(/tier/);
    await expect(
      createUser(db, {
        email: 'a@example.com',
        displayName: 'A',
        roles: [],
        password: 'lilac tram over quiet bridges',
      }),
    ).rejects.toThrow(/at least one role/);
    const user = await createUser(db, {
      email: 'A@Example.com',
      displayName: 'A',
      roles: ['agent', 'manager'],
      agentTier: 2,
      password: 'lilac tram over quiet bridges',
    });
    expect(user).toMatchObject({
      email: 'a@example.com',
      roles: ['agent', 'manager'],
      agentTier: 2,
      disabled: false,
    });
    await expect(
      createUser(db, {
        email: 'a@EXAMPLE.com',
        displayName: 'A2',
        roles: ['employee'],
        password: 'lilac tram over quiet bridges',
      }),
    ).rejects.toThrow(EmailTakenError);
    expect(db.prepare('SELECT password_hash FROM users').pluck().get()).toMatch(/^\$argon2id\$/);
  });

  it('drops the tier when the agent role goes', async () => {
    const db = testDatabase();
    const user = await createUser(db, {
      email: 'a@example.com',
      displayName: 'A',
      roles: ['agent'],
      agentTier: 3,
      password: 'lilac tram over quiet bridges',
    });
    setUserRoles(db, user.id, ['employee'], 3);
    expect(getUserByEmail(db, 'a@example.com')).toMatchObject({ roles: ['employee'], agentTier: null });
  });
});

describe('demo accounts', () => {
  it('are created once in development, one per role, with a private file that lets them sign in', async () => {
    const db = testDatabase();
    const dir = tempDir();
    const demo = await seedDemoAccounts(db, dir, 'development');
    expect(demo!.map((d) => d.roles[0]).sort()).toEqual(['admin', 'agent', 'employee', 'manager']);
    const file = path.join(dir, 'demo-accounts.txt');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toContain(demo![0]!.password);
    expect(
      await signIn(db, { email: demo![0]!.email, password: demo![0]!.password, address: 'x' }),
    ).toMatchObject({ ok: true });
    expect(await seedDemoAccounts(db, dir, 'development')).toBeNull();
  });

  it('are never created in production or test mode', async () => {
    const db = testDatabase();
    expect(await seedDemoAccounts(db, tempDir(), 'production')).toBeNull();
    expect(await seedDemoAccounts(db, tempDir(), 'test')).toBeNull();
    expect(countUsers(db)).toBe(0);
  });
});

describe('API tokens', () => {
  it('are stored hashed, act with their role, and stop working when revoked', () => {
    const db = testDatabase();
    const { token, id } = createApiToken(db, { name: 'Monitoring', role: 'agent', createdBy: null });
    expect(token).toMatch(/^fxp_[a-z2-7]+$/);
    expect(JSON.stringify(db.prepare('SELECT * FROM api_tokens').all())).not.toContain(token);
    expect(validateApiToken(db, token)).toEqual({ kind: 'token', id, name: 'Monitoring', roles: ['agent'] });
    expect(validateApiToken(db, `${token}x`)).toBeNull();
    expect(validateApiToken(db, 'fxp_' + 'a'.repeat(500))).toBeNull();
    expect(listApiTokens(db)[0]!.lastUsedAt).not.toBeNull();
    expect(revokeApiToken(db, id)).toBe(true);
    expect(revokeApiToken(db, id)).toBe(false);
    expect(validateApiToken(db, token)).toBeNull();
  });
});

describe('audit log', () => {
  it('is append-only', () => {
    const db = testDatabase();
    recordAudit(db, {
      actor: 'user:1 a@example.com',
      action: 'user.create',
      target: 'b@example.com',
      address: '10.0.0.1',
      detail: { roles: ['agent'] },
    });
    expect(listAudit(db).entries[0]).toMatchObject({
      actor: 'user:1 a@example.com',
      action: 'user.create',
      target: 'b@example.com',
      address: '10.0.0.1',
      detail: '{"roles":["agent"]}',
    });
    expect(listAudit(db).entries[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(() => db.prepare("UPDATE audit_log SET action = 'nothing'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(listAudit(db).total).toBe(1);
  });
});
