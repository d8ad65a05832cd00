import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Checks that DATA_DIR exists (creating it, 0700), accepts writes and is not writable by other users;
 * returns a sentence for the operator when not.
 */
export function checkDataDir(dataDir: string): string | null {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, 'ok', { mode: 0o600 });
    fs.rmSync(probe);
  } catch (error) {
    return `Cannot write to DATA_DIR (${dataDir}): ${storageProblem(error)}. Fix: point DATA_DIR at a writable folder with free space, e.g. DATA_DIR=./data.`;
  }
  return sharedDataDirProblem(dataDir);
}

const octal = (mode: number) => `0${(mode & 0o7777).toString(8)}`;

/**
 * Whoever may write to DATA_DIR may replace the database (and with it every account and session), so
 * a folder that other users can write to is refused rather than repaired: someone chose those modes.
 */
function sharedDataDirProblem(dataDir: string): string | null {
  const { mode } = fs.statSync(dataDir);
  if ((mode & 0o022) === 0) return null;
  const who = mode & 0o002 ? 'every user' : 'its group';
  return `DATA_DIR (${dataDir}) can be changed by ${who} (mode ${octal(mode)}): they could replace the database with its accounts and sessions. Fix: chmod 700 ${dataDir} (or point DATA_DIR at a folder only this user can write to), then start again.`;
}

/** Files the portal creates are readable by its own user only (tickets, sessions, attachments, the search data). */
export function usePrivateFileModes(): void {
  process.umask(0o077);
}

/**
 * Takes group and other permissions away from DATA_DIR and everything in it (installations from before
 * files were created private had a 0644 database). Symbolic links are left alone: chmod would follow
 * them out of DATA_DIR. Returns the paths changed, or a sentence for the operator when one cannot be.
 */
export function makeDataDirPrivate(dataDir: string): { changed: string[] } | { problem: string } {
  const changed: string[] = [];
  const visit = (file: string, stat: fs.Stats) => {
    if ((stat.mode & 0o077) !== 0) {
      fs.chmodSync(file, stat.mode & 0o7700);
      changed.push(file);
    }
    if (!stat.isDirectory()) return;
    for (const name of fs.readdirSync(file)) {
      const child = path.join(file, name);
      const childStat = fs.lstatSync(child);
      if (!childStat.isSymbolicLink()) visit(child, childStat);
    }
  };
  try {
    visit(dataDir, fs.statSync(dataDir));
    return { changed };
  } catch (error) {
    const { path: where = dataDir, code } = error as NodeJS.ErrnoException;
    const cause = code === 'EPERM' ? 'it belongs to another user' : storageProblem(error);
    return {
      problem: `Cannot make ${where} readable by this user only: ${cause}. Fix: run Fixpoint as the user who owns DATA_DIR, or give DATA_DIR to this user (chown -R ${os.userInfo().username} ${dataDir}), then start again.`,
    };
  }
}

/**
 * Why writing to storage failed, in words, when the cause is the storage itself: file-system errors
 * and SQLite's (a disk with room for the write test may still be too full for the database). Null
 * for anything else.
 */
export function storageCause(error: unknown): string | null {
  const code = String((error as NodeJS.ErrnoException).code ?? '');
  if (code === 'EACCES' || code === 'EPERM' || code.startsWith('SQLITE_PERM') || code === 'SQLITE_AUTH')
    return 'this user may not write there';
  if (code === 'EROFS' || code.startsWith('SQLITE_READONLY'))
    return 'it is read-only (a read-only file system, or files this user may not change)';
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return 'the disk is full';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'the database file cannot be opened or created there';
  return null;
}

const storageProblem = (error: unknown) => storageCause(error) ?? (error as Error).message;
