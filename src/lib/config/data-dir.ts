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
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM' ? 'this user may not write there'
      : code === 'EROFS' ? 'it is on a read-only file system'
      : code === 'ENOSPC' ? 'the disk is full'
      : (error as Error).message;
    return `Cannot write to DATA_DIR (${dataDir}): ${why}. Fix: point DATA_DIR at a writable folder with free space, e.g. DATA_DIR=./data.`;
  }
}
