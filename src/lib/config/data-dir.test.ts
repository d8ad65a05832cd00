import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '#test/temp.ts';
import { checkDataDir, makeDataDirPrivate } from './data-dir.ts';

const modeOf = (file: string) => fs.lstatSync(file).mode & 0o777;

describe('DATA_DIR is private to the portal', () => {
  it('creates a missing DATA_DIR readable by its owner only', () => {
    const dataDir = path.join(tempDir(), 'data');
    expect(checkDataDir(dataDir)).toBeNull();
    expect(modeOf(dataDir)).toBe(0o700);
  });

  it.each([
    ['0775', 'its group'],
    ['0777', 'every user'],
    ['01777', 'every user'],
  ])('refuses a DATA_DIR with mode %s, saying who can change it and the fix', (mode, who) => {
    const dataDir = path.join(tempDir(), 'data');
    fs.mkdirSync(dataDir);
    fs.chmodSync(dataDir, parseInt(mode, 8));
    expect(checkDataDir(dataDir)).toBe(
      `DATA_DIR (${dataDir}) can be changed by ${who} (mode ${mode}): they could replace the database with its accounts and sessions. Fix: chmod 700 ${dataDir} (or point DATA_DIR at a folder only this user can write to), then start again.`,
    );
  });

  it('accepts a DATA_DIR others can only read (an existing installation: it is made private instead)', () => {
    const dataDir = tempDir();
    fs.chmodSync(dataDir, 0o755);
    expect(checkDataDir(dataDir)).toBeNull();
  });

  it('takes group and other permissions from everything in an existing DATA_DIR, once', () => {
    const dataDir = tempDir();
    const outside = path.join(tempDir(), 'elsewhere.txt');
    fs.writeFileSync(outside, 'not ours');
    fs.chmodSync(outside, 0o644);
    fs.mkdirSync(path.join(dataDir, 'meili', 'data.ms'), { recursive: true });
    fs.mkdirSync(path.join(dataDir, 'bin'));
    for (const [file, mode] of [
      ['fixpoint.db', 0o644],
      ['fixpoint.db-wal', 0o644],
      ['fixpoint.db-shm', 0o664],
      ['meili/data.ms/data.mdb', 0o644],
      ['bin/meilisearch', 0o755],
      ['demo-accounts.txt', 0o600],
    ] as const) {
      fs.writeFileSync(path.join(dataDir, file), 'x');
      fs.chmodSync(path.join(dataDir, file), mode);
    }
    for (const dir of ['', 'meili', 'meili/data.ms', 'bin']) fs.chmodSync(path.join(dataDir, dir), 0o755);
    fs.symlinkSync(outside, path.join(dataDir, 'link'));

    const first = makeDataDirPrivate(dataDir);
    expect('changed' in first && first.changed.map((f) => path.relative(dataDir, f)).sort()).toEqual(
      [
        '',
        'bin',
        'bin/meilisearch',
        'fixpoint.db',
        'fixpoint.db-shm',
        'fixpoint.db-wal',
        'meili',
        'meili/data.ms',
        'meili/data.ms/data.mdb',
      ].sort(),
    );
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'meili', 'data.ms'))).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'fixpoint.db'))).toBe(0o600);
    expect(modeOf(path.join(dataDir, 'fixpoint.db-shm'))).toBe(0o600);
    expect(modeOf(path.join(dataDir, 'bin', 'meilisearch'))).toBe(0o700); // still runnable
    expect(modeOf(outside)).toBe(0o644); // a link out of DATA_DIR is not followed
    expect(makeDataDirPrivate(dataDir)).toEqual({ changed: [] });
  });
});
