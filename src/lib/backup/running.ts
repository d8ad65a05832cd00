import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './manifest.ts';
import { isInside } from './paths.ts';

export type UsingProcess = { pid: number; command: string };

/**
 * Processes (other than this one) that hold a file under `dir` open, found through /proc: the portal's
 * start process and web workers keep DATA_DIR/fixpoint.db open, and its Meilisearch keeps
 * DATA_DIR/meili open, for as long as they run, whatever port they listen on and even after a crash
 * left a pid file behind. Also catches `npm run dev` and a CLI in the middle of its work. Processes of
 * other users are invisible to a non-root user, but those cannot use a DATA_DIR that is private to
 * its owner. Returns [] where /proc does not exist.
 */
export function processesUsing(dir: string): UsingProcess[] {
  if (!fs.existsSync('/proc/self/fd')) return [];
  const root = fs.existsSync(dir) ? fs.realpathSync(dir) : path.resolve(dir);
  const found: UsingProcess[] = [];
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (holdsFileUnder(pid, root)) found.push({ pid, command: commandLine(pid) });
  }
  return found;
}

function holdsFileUnder(pid: number, root: string): boolean {
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false; // gone, or another user's
  }
  for (const fd of fds) {
    try {
      const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`).replace(/ \(deleted\)$/, '');
      if (target.startsWith('/') && isInside(target, root)) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

function commandLine(pid: number): string {
  try {
    const text = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return '?';
  }
}

/** Refuses, with the fix, when anything still uses DATA_DIR: a restore must not pull files from under a running portal. */
export function assertPortalStopped(dataDir: string): void {
  const users = processesUsing(dataDir);
  if (users.length === 0) return;
  const list = users.map((u) => `  pid ${u.pid}: ${u.command}`).join('\n');
  throw new BackupError(
    `The portal (or another program) is still using DATA_DIR ${dataDir}:\n${list}\nRestore replaces the database under it, so it needs everything stopped. Fix: stop the portal (Ctrl-C where it runs, or \`kill ${users[0]!.pid}\`), then run the restore again. Nothing was changed.`,
  );
}
