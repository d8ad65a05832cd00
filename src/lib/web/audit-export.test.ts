import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '#lib/auth/audit.ts';
import type { Role } from '#lib/auth/roles.ts';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import { getDb } from '#lib/db/connection.ts';
import { closeDatabases } from '#lib/db/db.ts';
import { createI18n } from '#lib/i18n/i18n.ts';
import { auditActorLabel, exportAuditCsv } from './admin-pages.ts';

// The audit log's CSV export, streamed from a real SQLite file: every matching entry, in order, with
// formulas defused, two exports at once, and only for admins.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-audit-export-'));
const saved = process.env.DATA_DIR;
beforeAll(() => {
  process.env.DATA_DIR = root;
});
afterAll(() => {
  closeDatabases();
  process.env.DATA_DIR = saved;
  fs.rmSync(root, { recursive: true, force: true });
});

async function localsOf(roles: Role[]): Promise<App.Locals> {
  const principal = toPrincipal(
    await createUser(getDb(), {
      email: `${roles.join('-')}-${Math.random().toString(36).slice(2)}@example.com`,
      displayName: roles.join(' '),
      roles,
      agentTier: roles.includes('agent') ? 1 : undefined,
      password: 'quiet river stones 9',
    }),
  );
  return {
    principal,
    session: null,
    unreadNotifications: () => 0,
    i18n: createI18n('en', 'UTC'),
  } as App.Locals;
}

describe('the audit CSV export', () => {
  it('streams every matching entry, newest first, with formula cells defused', async () => {
    const db = getDb();
    const admin = await localsOf(['admin']);
    const before = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    db.transaction(() => {
      for (let i = 0; i < 2500; i++)
        recordAudit(db, {
          actor: 'admin@example.com',
          action: 'user.role-change',
          target: `u${i}@example.com`,
        });
      recordAudit(db, { actor: 'admin@example.com', action: 'user.disable', target: '=HYPERLINK("x")' });
    })();

    const [all, disabled] = await Promise.all([
      exportAuditCsv(admin, new URLSearchParams()).text(),
      exportAuditCsv(admin, new URLSearchParams({ action: 'user.disable' })).text(),
    ]);
    const lines = all.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('time (UTC),actor,action,target,address,times,detail,detail (JSON)');
    expect(lines).toHaveLength(1 + before + 2501);
    expect(lines[1]).toContain(`'=HYPERLINK(""x"")`);
    expect(lines[2]).toContain('u2499@example.com');
    expect(lines[2501]).toContain('u0@example.com');
    expect(disabled.split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('is for admins only, and a bad filter gets 400 with a sentence', async () => {
    const agent = await localsOf(['agent']);
    expect(() => exportAuditCsv(agent, new URLSearchParams())).toThrow();
    const admin = await localsOf(['admin']);
    const bad = exportAuditCsv(admin, new URLSearchParams({ from: 'yesterday-ish' }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/\w+ \w+/);
  });
});

describe('who did it, as the audit page names them', () => {
  it('names accounts by e-mail, tokens by name and the signed-out in the reader’s language', () => {
    const de = createI18n('de', 'UTC');
    expect(auditActorLabel('user:12 ada@example.com', de)).toBe('ada@example.com');
    expect(auditActorLabel('token:3 nightly export', de)).toBe('API-Token „nightly export“');
    expect(auditActorLabel('anonymous', de)).toBe('Nicht angemeldet');
    expect(auditActorLabel('retention job', de)).toBe('retention job');
  });
});
