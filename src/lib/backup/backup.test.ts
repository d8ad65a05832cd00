import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { afterEach, describe, expect, it } from 'vitest';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';
import { createUser } from '#lib/auth/users.ts';
import { migrate, openDatabase } from '#lib/db/db.ts';
import { newestKnownSchemaVersion } from '#lib/db/snapshot.ts';
import { storeUploads } from '#lib/tickets/attachments.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { createBackup } from './create.ts';
import { ARCHIVE_ROOT, BackupError, sha256File } from './manifest.ts';
import { restoreBackup, undoRestore } from './restore.ts';
import { interruptedRestoreProblem, planMoves, recoverInterruptedRestore, writeJournal } from './swap.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);

/** A portal's folders as `npm start` leaves them: a migrated database with a ticket and its attachment, and a knowledge base. */
async function portalData(label: string, options: { schemaVersion?: number } = {}) {
  const root = tempDir('fixpoint-backup-');
  const dataDir = path.join(root, 'data');
  const contentDir = writeTree(path.join(root, 'content'), {
    'categories.json': TEST_CATEGORIES,
    'kb/vpn-drops.md': articleFile({ title: `VPN drops (${label})` }),
    'faq/printer.md': articleFile({ title: 'Printer' }),
    'kb/vpn-drops.de.md':
      '---\ntitle: VPN bricht ab\nsummary: Was zu tun ist.\nsource_updated: 2026-01-01\n---\nText.\n',
  });
  const db = openDatabase(path.join(dataDir, 'fixpoint.db'));
  migrate(db);
  const erin = await createUser(db, {
    email: 'erin@example.com',
    displayName: 'Erin',
    roles: ['employee'],
    password: 'quiet river stones 9',
  });
  const upload = await storeUploads(dataDir, [new File([PNG], 'error.png')]);
  if (!upload.ok) throw new Error(upload.error);
  createTicket(
    db,
    erin.id,
    { subject: `VPN down (${label})`, description: 'see screenshot' },
    { files: upload.files },
  );
  if (options.schemaVersion)
    db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(
      options.schemaVersion,
      'future',
    );
  return { root, dataDir, contentDir, db, attachment: upload.files[0]! };
}

/** Every file under a folder with its checksum, and the folder's neighbours: "nothing was touched" is this staying equal. */
function state(...dirs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[full] = sha256File(full);
    }
  };
  for (const dir of dirs) {
    walk(dir);
    out[`${path.dirname(dir)} lists`] = fs.readdirSync(path.dirname(dir)).sort().join(',');
  }
  return out;
}

const ticketSubjects = (dataDir: string) => {
  const db = openDatabase(path.join(dataDir, 'fixpoint.db'));
  try {
    return db.prepare('SELECT subject FROM tickets ORDER BY id').pluck().all();
  } finally {
    db.close();
  }
};

/** Commits `statement` in another process, then kills it (SIGKILL) before it can checkpoint: the commit stays in the WAL. */
async function crashAfterCommit(database: string, statement: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(process.argv[1]);
      db.pragma('wal_autocheckpoint = 0');
      db.prepare(process.argv[2]).run();
      console.log('committed');
      setInterval(() => {}, 1000);`,
      database,
      statement,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((r) => child.stdout!.once('data', r));
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

const children: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('backup and restore', () => {
  it('backs up a database in use, and restores tickets, attachment bytes and articles into empty folders', async () => {
    const source = await portalData('original');
    const archive = path.join(tempDir(), 'nightly.tar.gz');
    const report = await createBackup({
      dataDir: source.dataDir,
      contentDir: source.contentDir,
      output: archive,
    });

    expect(report.manifest).toMatchObject({
      schemaVersion: newestKnownSchemaVersion(),
      counts: { tickets: 1, articles: 2, translations: 1, attachments: 1 },
    });
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
    // Standard tools read it: the manifest first, everything inside one folder.
    const listing = spawnSync('tar', ['-tzf', archive], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(listing[0]).toBe(`${ARCHIVE_ROOT}/manifest.json`);
    expect(listing).toContain(`${ARCHIVE_ROOT}/attachments/${source.attachment.storedName}`);
    expect(listing.every((m) => m.startsWith(`${ARCHIVE_ROOT}/`))).toBe(true);

    const target = tempDir();
    const dataDir = path.join(target, 'data');
    const contentDir = path.join(target, 'content');
    const restored = restoreBackup({ archive, dataDir, contentDir });
    expect(restored.replaced).toEqual({ data: null, content: null });
    expect(ticketSubjects(dataDir)).toEqual(['VPN down (original)']);
    expect(fs.readFileSync(path.join(dataDir, 'attachments', source.attachment.storedName))).toEqual(
      Buffer.from(PNG),
    );
    expect(fs.readFileSync(path.join(contentDir, 'kb/vpn-drops.md'), 'utf8')).toContain(
      'VPN drops (original)',
    );
    expect(fs.statSync(path.join(dataDir, 'fixpoint.db')).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(target).sort()).toEqual(['content', 'data']);
    expect(interruptedRestoreProblem(dataDir)).toBeNull();
  });

  it('keeps the replaced data in DATA_DIR/before-restore-<time>, and --undo swaps it back', async () => {
    const older = await portalData('older');
    const archive = path.join(tempDir(), 'older.tar.gz');
    await createBackup({ dataDir: older.dataDir, contentDir: older.contentDir, output: archive });
    const current = await portalData('current');
    fs.mkdirSync(path.join(current.dataDir, 'meili'));
    current.db.close();
    // A portal killed with its last commit still in the WAL: the -wal file must travel with its database.
    await crashAfterCommit(
      path.join(current.dataDir, 'fixpoint.db'),
      "UPDATE tickets SET subject = 'VPN down (current, in the WAL)'",
    );
    expect(fs.existsSync(path.join(current.dataDir, 'fixpoint.db-wal'))).toBe(true);
    const currentState = state(current.dataDir, current.contentDir);

    const { replaced } = restoreBackup({ archive, dataDir: current.dataDir, contentDir: current.contentDir });
    expect(replaced.data).toMatch(/before-restore-[0-9TZ-]+$/);
    expect(fs.readdirSync(replaced.data!).sort()).toEqual([
      'attachments',
      'content',
      'fixpoint.db',
      'fixpoint.db-shm',
      'fixpoint.db-wal',
      'meili',
    ]);
    // The managed search index described the replaced data: it goes with it, and the next start builds a new one.
    expect(fs.existsSync(path.join(current.dataDir, 'meili'))).toBe(false);
    expect(ticketSubjects(current.dataDir)).toEqual(['VPN down (older)']);
    expect(fs.readFileSync(path.join(current.contentDir, 'kb/vpn-drops.md'), 'utf8')).toContain('(older)');

    undoRestore({ before: replaced.data!, dataDir: current.dataDir, contentDir: current.contentDir });
    const afterUndo = state(current.dataDir, current.contentDir);
    for (const [file, sum] of Object.entries(currentState))
      if (!file.endsWith(' lists') && !file.endsWith('-shm')) expect(afterUndo[file], file).toBe(sum);
    expect(ticketSubjects(current.dataDir)).toEqual(['VPN down (current, in the WAL)']);
    expect(fs.existsSync(replaced.data!)).toBe(false);
  });

  it('refuses a backup taken by a newer schema, with a sentence, and changes nothing', async () => {
    const future = await portalData('future', { schemaVersion: 9999 });
    const archive = path.join(tempDir(), 'future.tar.gz');
    await createBackup({ dataDir: future.dataDir, contentDir: future.contentDir, output: archive });
    const current = await portalData('current');
    current.db.close();
    const before = state(current.dataDir, current.contentDir);

    expect(() =>
      restoreBackup({ archive, dataDir: current.dataDir, contentDir: current.contentDir }),
    ).toThrow(
      `This backup was taken by a newer Fixpoint: its database has schema version 9999, and this Fixpoint knows versions up to ${newestKnownSchemaVersion()}. Nothing was changed.`,
    );
    expect(state(current.dataDir, current.contentDir)).toEqual(before);
  });

  it('refuses while another process has DATA_DIR open (a running portal), and says how to stop it', async () => {
    const { dataDir, contentDir, db } = await portalData('live');
    const archive = path.join(tempDir(), 'live.tar.gz');
    await createBackup({ dataDir, contentDir, output: archive });
    db.close();
    const holder = spawn(
      process.execPath,
      [
        '-e',
        'require("fs").openSync(process.argv[1], "r"); console.log("open"); setInterval(() => {}, 1000)',
        path.join(dataDir, 'fixpoint.db'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(holder);
    await new Promise((r) => holder.stdout!.once('data', r));

    expect(() => restoreBackup({ archive, dataDir, contentDir })).toThrow(
      new RegExp(`still using DATA_DIR[\\s\\S]*pid ${holder.pid}[\\s\\S]*Fix: stop the portal`),
    );
    expect(fs.readdirSync(dataDir).some((n) => n.includes('restore'))).toBe(false);
  });
});

describe('a changed or damaged archive', () => {
  /** Unpacks an archive, lets `edit` change it, and packs it again (manifest first, like the original). */
  async function tampered(archive: string, edit: (root: string) => string[] | void): Promise<string> {
    const dir = tempDir();
    await tar.x({ file: archive, cwd: dir });
    const root = path.join(dir, ARCHIVE_ROOT);
    const listed = spawnSync('tar', ['-tzf', archive], { encoding: 'utf8' }).stdout.trim().split('\n');
    const extra = edit(root) ?? [];
    const members = [...listed, ...extra.map((m) => `${ARCHIVE_ROOT}/${m}`)].filter(
      (m) => fs.existsSync(path.join(dir, m)) || fs.lstatSync(path.join(dir, m), { throwIfNoEntry: false }),
    );
    const out = path.join(tempDir(), 'tampered.tar.gz');
    await tar.c({ gzip: true, file: out, cwd: dir, portable: true }, members);
    return out;
  }

  const editManifest = (root: string, change: (m: { files: Array<{ path: string }> }) => void) => {
    const file = path.join(root, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    change(manifest);
    fs.writeFileSync(file, JSON.stringify(manifest));
  };

  it.each<[string, (root: string) => string[] | void, RegExp]>([
    [
      'an article changed in place',
      (root) => {
        const file = path.join(root, 'content/kb/vpn-drops.md');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('VPN', 'XYZ'));
      },
      /content\/kb\/vpn-drops.md does not match its checksum in the manifest/,
    ],
    [
      'an article made longer',
      (root) => fs.appendFileSync(path.join(root, 'content/kb/vpn-drops.md'), 'more'),
      /content\/kb\/vpn-drops.md has \d+ bytes in the archive but \d+ in its manifest/,
    ],
    [
      'a file added',
      (root) => {
        fs.writeFileSync(path.join(root, 'content/kb/extra.md'), 'x');
        return ['content/kb/extra.md'];
      },
      /holds content\/kb\/extra.md, which its manifest does not list/,
    ],
    [
      'an attachment removed',
      (root) => fs.rmSync(path.join(root, 'attachments'), { recursive: true }),
      /lacks attachments\/.+, which its manifest lists/,
    ],
    [
      'a symbolic link added',
      (root) => {
        fs.symlinkSync('/etc/passwd', path.join(root, 'content/kb/passwd.md'));
        return ['content/kb/passwd.md'];
      },
      /a SymbolicLink entry; a Fixpoint backup holds plain files only/,
    ],
    [
      'a manifest naming a path outside',
      (root) =>
        editManifest(root, (m) =>
          m.files.push({ path: 'content/../../escape', size: 1, sha256: '0'.repeat(64) } as never),
        ),
      /names "content\/..\/..\/escape", which is not a plain relative path/,
    ],
  ])('refuses %s before touching anything', async (_name, edit, message) => {
    const { dataDir, contentDir, db } = await portalData('live');
    const archive = path.join(tempDir(), 'good.tar.gz');
    await createBackup({ dataDir, contentDir, output: archive });
    db.close();
    const bad = await tampered(archive, edit);
    const before = state(dataDir, contentDir);

    expect(() => restoreBackup({ archive: bad, dataDir, contentDir })).toThrow(message);
    expect(state(dataDir, contentDir)).toEqual(before);
    expect(interruptedRestoreProblem(dataDir)).toBeNull();
  });

  it('refuses an archive cut short, and a file that is no backup at all', async () => {
    const { dataDir, contentDir, db } = await portalData('live');
    const archive = path.join(tempDir(), 'good.tar.gz');
    await createBackup({ dataDir, contentDir, output: archive });
    db.close();
    const cut = path.join(tempDir(), 'cut.tar.gz');
    fs.writeFileSync(cut, fs.readFileSync(archive).subarray(0, Math.floor(fs.statSync(archive).size / 2)));
    const before = state(dataDir, contentDir);

    expect(() => restoreBackup({ archive: cut, dataDir, contentDir })).toThrow(
      /cannot be read as a .tar.gz|lacks/,
    );
    const other = path.join(tempDir(), 'other.tar.gz');
    await tar.c({ gzip: true, file: other, cwd: contentDir }, ['kb']);
    expect(() => restoreBackup({ archive: other, dataDir, contentDir })).toThrow(
      /outside the fixpoint-backup\/ folder/,
    );
    expect(() => restoreBackup({ archive: path.join(dataDir, 'nope.tar.gz'), dataDir, contentDir })).toThrow(
      /There is no backup file at .*nope.tar.gz/,
    );
    expect(state(dataDir, contentDir)).toEqual(before);
  });
});

describe('a restore cut short', () => {
  it('is detected (the portal refuses to start) and rolled back to the data it was replacing', async () => {
    const { dataDir, contentDir, db } = await portalData('current');
    db.close();
    const before = state(dataDir, contentDir);
    const stagedData = path.join(dataDir, '.restore-2026-01-01T00-00-00Z');
    const stagedContent = path.join(path.dirname(contentDir), '.content.restore-2026-01-01T00-00-00Z');
    writeTree(stagedData, { 'fixpoint.db': 'new database' });
    writeTree(stagedContent, { 'kb/new.md': 'new article' });
    const plan = {
      dataDir,
      contentDir,
      stagedData,
      stagedContent,
      before: path.join(dataDir, 'before-restore-2026-01-01T00-00-00Z'),
      contentBefore: path.join(dataDir, 'before-restore-2026-01-01T00-00-00Z', 'content'),
    };
    const moves = planMoves(plan);
    // A dead process (pid far above pid_max's default) got as far as swapping the content.
    writeJournal(dataDir, {
      pid: 4_000_000,
      startedAt: '2026-01-01T00:00:00Z',
      staging: [stagedData, stagedContent],
      moves,
    });
    for (const move of moves.slice(0, 3)) {
      fs.mkdirSync(path.dirname(move.to), { recursive: true });
      fs.renameSync(move.from, move.to);
    }
    expect(fs.readdirSync(contentDir)).toEqual(['kb']);

    expect(interruptedRestoreProblem(dataDir)).toMatch(
      /was interrupted .* Fix: .*npm run restore -- --roll-back/,
    );
    expect(recoverInterruptedRestore(dataDir)).toMatch(/back in place/);
    expect(interruptedRestoreProblem(dataDir)).toBeNull();
    expect(state(dataDir, contentDir)).toEqual(before);
  });
});

describe('backup refusals', () => {
  it('leaves out of the archive what restore would refuse (a link, a backslash in a name), with a warning', async () => {
    const { dataDir, contentDir } = await portalData('live');
    fs.symlinkSync('/etc/hostname', path.join(contentDir, 'kb', 'hostname.md'));
    fs.writeFileSync(path.join(contentDir, 'kb', 'odd\\name.md'), 'x');
    fs.writeFileSync(path.join(contentDir, 'kb', '.vpn-drops.1a2b3c.tmp'), 'half a save');
    const archive = path.join(tempDir(), 'b.tar.gz');
    const report = await createBackup({ dataDir, contentDir, output: archive });

    expect([...report.warnings].sort()).toEqual([
      expect.stringMatching(/hostname.md is not a plain file or folder name; it is left out/),
      expect.stringMatching(/odd\\name.md is not a plain file or folder name; it is left out/),
    ]);
    expect(report.manifest.files.map((f) => f.path).filter((p) => p.startsWith('content/kb/'))).toEqual([
      'content/kb/vpn-drops.de.md',
      'content/kb/vpn-drops.md',
    ]);
    const target = tempDir();
    restoreBackup({ archive, dataDir: path.join(target, 'data'), contentDir: path.join(target, 'content') });
    expect(fs.readdirSync(path.join(target, 'content', 'kb')).sort()).toEqual([
      'vpn-drops.de.md',
      'vpn-drops.md',
    ]);
  });

  it('never overwrites a file, and names a missing database', async () => {
    const { dataDir, contentDir } = await portalData('live');
    const existing = path.join(tempDir(), 'taken.tar.gz');
    fs.writeFileSync(existing, 'keep me');
    await expect(createBackup({ dataDir, contentDir, output: existing })).rejects.toThrow(
      /already exists, and a backup never overwrites a file/,
    );
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');
    await expect(
      createBackup({ dataDir: tempDir(), contentDir, output: path.join(tempDir(), 'x.tar.gz') }),
    ).rejects.toThrow(BackupError);
  });
});
