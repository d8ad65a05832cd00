import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes records as JSON lines to `dir/name`, durably: a `.part` file that is flushed to disk, renamed
 * into place, and the folder flushed too, so a pruned row is on disk before it leaves the database.
 * Returns the number of lines written. The folder is created readable by this user only.
 */
export function writeArchive(dir: string, name: string, records: Iterable<unknown>): number {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, name);
  const part = `${file}.part`;
  const fd = fs.openSync(part, 'w', 0o600);
  let lines = 0;
  try {
    let chunk: string[] = [];
    for (const record of records) {
      chunk.push(`${JSON.stringify(record)}\n`);
      lines++;
      if (chunk.length === 1000) {
        fs.writeSync(fd, chunk.join(''));
        chunk = [];
      }
    }
    if (chunk.length > 0) fs.writeSync(fd, chunk.join(''));
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(part, { force: true }); // a half-written archive is worth nothing: the rows stay in the database
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(part, file);
  const dirFd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
  return lines;
}
