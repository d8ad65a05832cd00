import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '#lib/db/db.ts';

// A read-only or full DATA_DIR must stop `npm start` with a sentence that says what to fix, never a
// stack trace, and must leave an existing database as it was. Real file systems do the refusing: a
// small tmpfs mounted read-only or filled up (root ignores permissions, so chmod proves nothing there).

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-unusable-'));
const mount = (...args: string[]) => spawnSync('mount', args, { encoding: 'utf8' });
const canMount = mount('-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint).status === 0;
if (canMount) spawnSync('umount', [mountPoint]);
const isRoot = process.getuid?.() === 0;

/**
 * A fresh tmpfs of `size` at the mount point, writable; remount it read-only with `readOnly()`. Mode
 * 0700: a tmpfs root is 1777 by default, and the portal refuses a DATA_DIR others can write to.
 */
function freshVolume(size: string) {
  spawnSync('umount', [mountPoint]);
  expect(mount('-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', mountPoint).status).toBe(0);
  return { dir: mountPoint, readOnly: () => expect(mount('-o', 'remount,ro', mountPoint).status).toBe(0) };
}

function start(dataDir: string) {
  const run = spawnSync(process.execPath, ['scripts/start.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '4396', NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { status: run.status, stderr: run.stderr, stdout: run.stdout };
}

/** Fills the volume until writing fails, leaving about `leave` bytes free. */
function fill(dir: string, leave = 0) {
  const { bavail, bsize } = fs.statfsSync(dir);
  const target = Math.max(0, bavail * bsize - leave);
  const fd = fs.openSync(path.join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(4096);
  try {
    for (let written = 0; written < target; written += chunk.length)
      fs.writeSync(fd, chunk, 0, Math.min(chunk.length, target - written));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

const fingerprint = (dir: string) =>
  Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('fixpoint.db'))
      .map((f) => [
        f,
        createHash('sha256')
          .update(fs.readFileSync(path.join(dir, f)))
          .digest('hex'),
      ]),
  );

afterAll(() => {
  spawnSync('umount', [mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

describe.skipIf(!canMount)('a DATA_DIR the portal cannot write to (tmpfs volumes)', () => {
  beforeAll(() => expect(isRoot).toBe(true));

  it('read-only, with an existing database: stops with the fix and changes nothing', () => {
    const volume = freshVolume('8m');
    const db = openDatabase(path.join(volume.dir, 'fixpoint.db'));
    migrate(db);
    db.prepare(
      "INSERT INTO users (email, display_name, password_hash, created_at, password_changed_at) VALUES ('kept@fixpoint.example', 'Kept', 'x', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
    ).run();
    db.close();
    const before = fingerprint(volume.dir);
    volume.readOnly();
    const run = start(volume.dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /Cannot write to DATA_DIR \(.*\): it is read-only .*Fix: point DATA_DIR at a writable folder/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fingerprint(volume.dir)).toEqual(before);
  });

  it('full: stops with the fix', () => {
    const volume = freshVolume('1m');
    fill(volume.dir);
    const run = start(volume.dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Cannot write to DATA_DIR \(.*\): the disk is full\. Fix:/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('almost full (room for the write test, not for the database): stops with the fix, not a stack trace', () => {
    const volume = freshVolume('2m');
    fill(volume.dir, 64 * 1024);
    const run = start(volume.dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /Cannot open the database .*fixpoint\.db: the disk is full\. Nothing in it was changed\. Fix: give DATA_DIR free space/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(canMount || isRoot)('a DATA_DIR this user may not write to (no tmpfs: not root)', () => {
  it('stops with the fix', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-readonly-'));
    fs.chmodSync(dir, 0o555);
    try {
      const run = start(dir);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/Cannot write to DATA_DIR \(.*\): this user may not write there\. Fix:/);
    } finally {
      fs.chmodSync(dir, 0o755);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
