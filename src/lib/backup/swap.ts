import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BackupError, DATABASE_NAME } from './manifest.ts';

/**
 * Putting restored data in place. Everything is unpacked and checked in staging folders first (on the
 * same file systems as its destinations); then each member is swapped by rename(2), which is atomic:
 * the replaced one moves into DATA_DIR/before-restore-<time>/ (kept, so a mistake can be undone), the
 * staged one takes its name. The database goes last, with its -wal and -shm moved away first (an old
 * WAL beside a new database would be replayed into it). A journal written before the first rename
 * lists every move, so a restore cut short (power loss, kill -9) is detected, the portal refuses to
 * start on half-swapped data, and the next restore puts the replaced data back before it begins.
 */

/** The members of DATA_DIR a restore replaces, in swap order. meili/ is only moved away: its index
 * describes the replaced data, and the next start builds a new one from the restored data. */
const DATA_MEMBERS = ['attachments', 'meili', `${DATABASE_NAME}-wal`, `${DATABASE_NAME}-shm`, DATABASE_NAME];

const JournalSchema = z.object({
  pid: z.number().int(),
  startedAt: z.string(),
  /** Staging folders this restore created (removed when it ends, or when a later one recovers). */
  staging: z.array(z.string()),
  moves: z.array(z.object({ from: z.string(), to: z.string() })),
});
export type Journal = z.infer<typeof JournalSchema>;
export type Move = Journal['moves'][number];

const journalFile = (dataDir: string) => path.join(dataDir, 'restore-journal.json');

/** Writes the journal durably (temp file, fsync, rename, fsync of the folder). */
export function writeJournal(dataDir: string, journal: Journal): void {
  const file = journalFile(dataDir);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(journal, null, 2), { mode: 0o600, flush: true });
  fs.renameSync(`${file}.tmp`, file);
  syncFolder(dataDir);
}

function readJournal(dataDir: string): Journal | null {
  const file = journalFile(dataDir);
  if (!fs.existsSync(file)) return null;
  const parsed = JournalSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (parsed.success) return parsed.data;
  throw new BackupError(
    `${file} is not a restore journal this Fixpoint can read. Fix: compare DATA_DIR with the before-restore-* folders by hand, then delete ${file}.`,
  );
}

/** For `npm start`: a sentence when a restore is running or was cut short, so the portal does not start on half-swapped data. */
export function interruptedRestoreProblem(dataDir: string): string | null {
  if (!fs.existsSync(journalFile(dataDir))) return null;
  return `A restore into DATA_DIR (${dataDir}) is running or was interrupted (see ${journalFile(dataDir)}), so the data may be half replaced. Fix: wait for the restore to finish; if none is running, run \`npm run restore -- --roll-back\` to put the replaced data back, or run the restore again.`;
}

/**
 * Puts back what an interrupted restore had moved, removes its staging folders and its journal.
 * Returns a sentence saying so, or null when there was nothing to recover.
 */
export function recoverInterruptedRestore(dataDir: string): string | null {
  const journal = readJournal(dataDir);
  if (!journal) return null;
  if (journal.pid !== process.pid && isRestoreRunning(journal.pid))
    throw new BackupError(
      `Another restore (pid ${journal.pid}) is working on DATA_DIR ${dataDir}. Fix: wait for it to finish.`,
    );
  for (const move of [...journal.moves].reverse()) {
    if (fs.existsSync(move.to) && !fs.existsSync(move.from)) {
      fs.mkdirSync(path.dirname(move.from), { recursive: true });
      fs.renameSync(move.to, move.from);
    }
  }
  for (const folder of journal.staging)
    if (isStagingName(folder)) fs.rmSync(folder, { recursive: true, force: true });
  for (const move of journal.moves)
    if (path.basename(path.dirname(move.to)).startsWith('before-restore-'))
      removeIfEmpty(path.dirname(move.to));
  fs.rmSync(journalFile(dataDir), { force: true });
  syncFolder(dataDir);
  return `An earlier restore (started ${journal.startedAt}) had been interrupted; the data it was replacing is back in place.`;
}

export type SwapPlan = {
  dataDir: string;
  contentDir: string;
  stagedData: string;
  stagedContent: string;
  /** Where replaced members of DATA_DIR go. */
  before: string;
  /** Where the replaced CONTENT_DIR goes (inside `before` when on the same file system). */
  contentBefore: string;
};

/** The renames, in order: each live member away (when it exists), then its staged replacement in. */
export function planMoves(plan: SwapPlan): Move[] {
  const moves: Move[] = [];
  const swap = (live: string, staged: string, kept: string) => {
    if (fs.existsSync(live) || isSymlink(live)) moves.push({ from: live, to: kept });
    if (fs.existsSync(staged)) moves.push({ from: staged, to: live });
  };
  swap(plan.contentDir, plan.stagedContent, plan.contentBefore);
  for (const member of DATA_MEMBERS)
    swap(path.join(plan.dataDir, member), path.join(plan.stagedData, member), path.join(plan.before, member));
  return moves;
}

/** Carries out the journal's moves, then drops the journal; a crash on the way is recovered by the journal. */
export function performMoves(dataDir: string, journal: Journal): void {
  writeJournal(dataDir, journal);
  for (const move of journal.moves) {
    fs.mkdirSync(path.dirname(move.to), { recursive: true, mode: 0o700 });
    fs.renameSync(move.from, move.to);
  }
  for (const folder of new Set(journal.moves.map((m) => path.dirname(m.to)))) syncFolder(folder);
  for (const folder of journal.staging) fs.rmSync(folder, { recursive: true, force: true });
  fs.rmSync(journalFile(dataDir), { force: true });
  syncFolder(dataDir);
}

/** Staging folders are named `.restore-<time>` or `.<name>.restore-<time>`; nothing else is ever deleted from a journal. */
export const isStagingName = (folder: string) => /^\.(?:.+\.)?restore-[0-9TZ-]+$/.test(path.basename(folder));

/** A live process whose command line mentions restore (a crashed restore's pid may have been reused). */
function isRestoreRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return (
      !/^State:\s*Z/m.test(status) && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('restore')
    );
  } catch {
    return false;
  }
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function removeIfEmpty(folder: string): void {
  try {
    fs.rmdirSync(folder);
  } catch {
    // not empty, or gone: either way nothing to do
  }
}

function syncFolder(folder: string): void {
  try {
    const fd = fs.openSync(folder, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // gone (an empty staging folder), or a file system that cannot sync folders
  }
}
