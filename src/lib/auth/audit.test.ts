import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { tempDir } from '#test/temp.ts';
import type { Db } from '#lib/db/db.ts';
import { listAudit, pruneAuditLog, recordAudit, recordRepeatedAudit } from './audit.ts';

const forged = (address: string) => ({
  actor: 'anonymous',
  action: 'token.invalid',
  target: 'GET /api/tickets/1',
  address,
});

/** An entry written at a given time (the application always writes the current time). */
function recordAt(db: Db, at: string, action: string): void {
  db.prepare("INSERT INTO audit_log (at, actor, action) VALUES (?, 'user:1 a@example.com', ?)").run(
    at,
    action,
  );
}

describe('repeated failures in the audit log', () => {
  it('are one row per source and minute, with a count', () => {
    const db = testDatabase();
    const minute = new Date('2026-11-24T10:15:00.000Z');
    for (let i = 0; i < 500; i++)
      recordRepeatedAudit(db, forged('203.0.113.5'), new Date(minute.getTime() + i * 100)); // 50 s
    recordRepeatedAudit(db, forged('198.51.100.1'), minute);
    recordRepeatedAudit(db, forged('203.0.113.5'), new Date('2026-11-24T10:16:00.000Z'));
    recordRepeatedAudit(db, { ...forged('203.0.113.5'), action: 'session.invalid' }, minute);
    const { entries, total } = listAudit(db);
    expect(total).toBe(4);
    expect(entries.map((e) => [e.action, e.address, e.count, e.at])).toEqual([
      ['session.invalid', '203.0.113.5', 1, '2026-11-24T10:15:00.000Z'],
      ['token.invalid', '203.0.113.5', 1, '2026-11-24T10:16:00.000Z'],
      ['token.invalid', '198.51.100.1', 1, '2026-11-24T10:15:00.000Z'],
      ['token.invalid', '203.0.113.5', 500, '2026-11-24T10:15:00.000Z'],
    ]);
  });

  it('keeps the log append-only: only a coalesced row’s count may grow, by one', () => {
    const db = testDatabase();
    recordRepeatedAudit(db, forged('203.0.113.5'));
    recordAudit(db, { actor: 'user:1 a@example.com', action: 'user.create', target: 'b@example.com' });
    expect(() => db.prepare("UPDATE audit_log SET action = 'nothing'").run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE audit_log SET count = count + 5').run()).toThrow(/append-only/);
    expect(() =>
      db.prepare("UPDATE audit_log SET count = count + 1 WHERE action = 'user.create'").run(),
    ).toThrow(/append-only/);
    expect(() =>
      db.prepare("UPDATE audit_log SET count = count + 1, target = 'x' WHERE bucket IS NOT NULL").run(),
    ).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(listAudit(db).entries.map((e) => e.count)).toEqual([1, 1]);
  });
});

describe('audit retention', () => {
  it('archives entries past the retention to DATA_DIR/audit-archive, then prunes them and records the prune', () => {
    const db = testDatabase();
    const dataDir = tempDir();
    recordAt(db, '2025-01-10T08:00:00.000Z', 'user.create');
    recordRepeatedAudit(db, forged('203.0.113.5'), new Date('2025-06-01T12:00:00.000Z'));
    recordRepeatedAudit(db, forged('203.0.113.5'), new Date('2025-06-01T12:00:30.000Z'));
    recordAt(db, '2025-12-01T08:00:00.000Z', 'user.roles');
    recordAudit(db, { actor: 'user:1 a@example.com', action: 'signout' }); // now
    const now = new Date('2026-11-24T00:00:00.000Z');

    const pruned = pruneAuditLog(db, { dataDir, retentionDays: 365, now });
    expect(pruned).toMatchObject({ rows: 2, before: '2025-11-24T00:00:00.000Z' });
    const lines = fs
      .readFileSync(path.join(dataDir, pruned.archive!), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.at, l.action, l.count])).toEqual([
      ['2025-01-10T08:00:00.000Z', 'user.create', 1],
      ['2025-06-01T12:00:00.000Z', 'token.invalid', 2],
    ]);
    expect(fs.statSync(path.join(dataDir, 'audit-archive')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dataDir, pruned.archive!)).mode & 0o777).toBe(0o600);
    expect(listAudit(db).entries.map((e) => e.action)).toEqual(['signout', 'user.roles']);
    expect(db.prepare('SELECT before, rows, archive FROM audit_log_prunes').all()).toEqual([
      { before: '2025-11-24T00:00:00.000Z', rows: 2, archive: pruned.archive },
    ]);
    // Nothing else became deletable, and the record of the prune cannot be erased.
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log_prunes').run()).toThrow(/append-only/);
    expect(pruneAuditLog(db, { dataDir, retentionDays: 365, now })).toMatchObject({ rows: 0, archive: null });
    expect(fs.readdirSync(path.join(dataDir, 'audit-archive'))).toEqual([path.basename(pruned.archive!)]);
  });

  it('deletes nothing when the archive cannot be written', () => {
    const db = testDatabase();
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'audit-archive'), 'a file where the folder should be');
    recordAt(db, '2020-01-01T00:00:00.000Z', 'user.create');
    expect(() => pruneAuditLog(db, { dataDir, retentionDays: 365 })).toThrow();
    expect(listAudit(db).total).toBe(1);
  });
});
