import fs from 'node:fs';
import path from 'node:path';

/** Checks that DATA_DIR exists (creating it) and accepts writes; returns a sentence for the operator when not. */
export function checkDataDir(dataDir: string): string | null {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
    return null;
  } catch (error) {
    return `Cannot write to DATA_DIR (${dataDir}): ${storageProblem(error)}. Fix: point DATA_DIR at a writable folder with free space, e.g. DATA_DIR=./data.`;
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
