import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '#test/temp.ts';
import { makeDirectoryDurably, writeFileDurably, type FileSystem } from './durable-files.ts';

/** Node's fs, recording each call that matters for durability (paths for opens and renames, fds for syncs). */
function recordingFs(fail?: { call: keyof FileSystem; code: string }) {
  const calls: string[] = [];
  const paths = new Map<number, string>();
  const io: FileSystem = {
    ...fs,
    openSync: ((file: string, flags: string, mode?: number) => {
      const fd = fs.openSync(file, flags, mode);
      paths.set(fd, file);
      calls.push(`open ${file}`);
      return fd;
    }) as FileSystem['openSync'],
    writeFileSync: ((fd: number, data: Uint8Array) => {
      if (fail?.call === 'writeFileSync') throw Object.assign(new Error('no space'), { code: fail.code });
      calls.push(`write ${paths.get(fd)}`);
      return fs.writeFileSync(fd, data);
    }) as FileSystem['writeFileSync'],
    fsyncSync: (fd: number) => {
      calls.push(`fsync ${paths.get(fd)}`);
      fs.fsyncSync(fd);
    },
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      calls.push(`rename ${String(from)} -> ${String(to)}`);
      fs.renameSync(from, to);
    },
    mkdirSync: ((dir: string, options: fs.MakeDirectoryOptions) => {
      calls.push(`mkdir ${dir}`);
      return fs.mkdirSync(dir, options);
    }) as FileSystem['mkdirSync'],
  };
  return { io, calls };
}

describe('writing a file that a commit will refer to', () => {
  it('syncs the file before renaming it into place, then its folder, and leaves it private', () => {
    const dir = tempDir();
    const target = path.join(dir, 'report.txt');
    const temp = `${target}.part`;
    const { io, calls } = recordingFs();
    writeFileDurably(target, 'VPN error 809', { temp, mode: 0o600 }, io);
    expect(calls).toEqual([
      `open ${temp}`,
      `write ${temp}`,
      `fsync ${temp}`,
      `rename ${temp} -> ${target}`,
      `open ${dir}`,
      `fsync ${dir}`,
    ]);
    expect(fs.readFileSync(target, 'utf8')).toBe('VPN error 809');
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['report.txt']);
  });

  it('on a full disk: removes the temporary file, keeps the old one, and says why', () => {
    const dir = tempDir();
    const target = path.join(dir, 'article.md');
    fs.writeFileSync(target, 'the saved version');
    const { io } = recordingFs({ call: 'writeFileSync', code: 'ENOSPC' });
    expect(() => writeFileDurably(target, 'new text', { temp: `${target}.tmp`, mode: 0o600 }, io)).toThrow(
      expect.objectContaining({ code: 'ENOSPC' }),
    );
    expect(fs.readdirSync(dir)).toEqual(['article.md']);
    expect(fs.readFileSync(target, 'utf8')).toBe('the saved version');
  });

  it('never writes through a file that already has the temporary name', () => {
    const dir = tempDir();
    const planted = path.join(dir, 'x.part');
    fs.writeFileSync(planted, 'someone else');
    expect(() => writeFileDurably(path.join(dir, 'x'), 'data', { temp: planted, mode: 0o600 })).toThrow(
      expect.objectContaining({ code: 'EEXIST' }),
    );
  });

  it('creates missing folders 0700 and syncs each parent that gained an entry', () => {
    const root = tempDir();
    const dir = path.join(root, 'a', 'b');
    const { io, calls } = recordingFs();
    makeDirectoryDurably(dir, 0o700, io);
    expect(calls).toEqual([
      `mkdir ${dir}`,
      `open ${path.join(root, 'a')}`,
      `fsync ${path.join(root, 'a')}`,
      `open ${root}`,
      `fsync ${root}`,
    ]);
    expect(fs.statSync(path.join(root, 'a')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    calls.length = 0;
    makeDirectoryDurably(dir, 0o700, io);
    expect(calls).toEqual([`mkdir ${dir}`]); // nothing new, nothing to sync
  });
});
