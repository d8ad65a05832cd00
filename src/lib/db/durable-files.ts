import fs from 'node:fs';
import path from 'node:path';

/**
 * Files that a database row refers to (attachments, articles with their revisions) must be on the
 * disk before the commit that names them: a rename alone sits in the page cache, and a power cut can
 * leave the row pointing at nothing, or at an empty file under the real name. So the file is
 * written under a temporary name, fsynced, renamed, and then its folder is fsynced (the rename lives
 * in the folder). After that the caller may commit.
 */

/** The file-system calls a durable write makes; Node's fs, or a wrapper around it (tests record the calls). */
export type FileSystem = Pick<
  typeof fs,
  'openSync' | 'writeFileSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync' | 'mkdirSync'
>;

/**
 * Writes `data` to `target` so that, once this returns, a power cut leaves either the old file or
 * the whole new one. `temp` is a fresh name in the same folder (never an existing file: it is
 * created exclusively) and is removed when anything fails, a full disk included.
 */
export function writeFileDurably(
  target: string,
  data: string | Uint8Array,
  options: { temp: string; mode: number },
  io: FileSystem = fs,
): void {
  try {
    const fd = io.openSync(options.temp, 'wx', options.mode);
    try {
      io.writeFileSync(fd, data);
      io.fsyncSync(fd);
    } finally {
      io.closeSync(fd);
    }
    io.renameSync(options.temp, target);
  } catch (error) {
    io.rmSync(options.temp, { force: true });
    throw error;
  }
  syncDirectory(path.dirname(target), io);
}

/** Makes a folder's entries (files created, renamed or removed in it) durable. */
export function syncDirectory(dir: string, io: FileSystem = fs): void {
  const fd = io.openSync(dir, 'r');
  try {
    io.fsyncSync(fd);
  } finally {
    io.closeSync(fd);
  }
}

/**
 * Creates `dir` (and missing parents) with `mode`, and makes the new entries durable: each new
 * folder is an entry in its parent, so the parents from the first one created down are fsynced.
 */
export function makeDirectoryDurably(dir: string, mode: number, io: FileSystem = fs): void {
  const first = io.mkdirSync(dir, { recursive: true, mode });
  if (first === undefined) return;
  const top = path.dirname(path.resolve(first));
  for (let d = path.dirname(path.resolve(dir)); ; d = path.dirname(d)) {
    syncDirectory(d, io);
    if (d === top || d === path.dirname(d)) break;
  }
}
