import fs from 'node:fs';
import path from 'node:path';
import { integrityProblem, newestKnownSchemaVersion, openSnapshot, schemaVersion } from '#lib/db/snapshot.ts';
import { BackupError, DATABASE_NAME, type Manifest } from './manifest.ts';
import { fileStamp, isInside } from './paths.ts';
import { assertPortalStopped } from './running.ts';
import {
  performMoves,
  planMoves,
  recoverInterruptedRestore,
  writeJournal,
  type Journal,
  type SwapPlan,
} from './swap.ts';
import { unpackBackup, type Placement } from './unpack.ts';

export type RestoreReport = {
  manifest: Manifest;
  /** Where the replaced data now lives; null when there was nothing to replace. */
  replaced: { data: string | null; content: string | null };
  /** A sentence when an earlier, interrupted restore had to be put back first. */
  recovered: string | null;
};

/**
 * Restores a backup made by createBackup into DATA_DIR and CONTENT_DIR, with the portal stopped. Order
 * of refusals, all before any live file is touched: something still uses DATA_DIR; the archive is not
 * a Fixpoint backup, comes from a newer schema, does not fit on the disk, or any member differs from
 * its manifest checksum; the restored database fails SQLite's integrity check. Then the swap (see
 * swap.ts). The search index is not in backups: the next start re-syncs it from the restored data.
 */
export function restoreBackup(options: {
  archive: string;
  dataDir: string;
  contentDir: string;
  now?: () => Date;
}): RestoreReport {
  const archive = path.resolve(options.archive);
  const dataDir = path.resolve(options.dataDir);
  const contentDir = path.resolve(options.contentDir);
  checkRestoreSource(archive, dataDir, contentDir);
  assertPortalStopped(dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const recovered = recoverInterruptedRestore(dataDir);
  const plan = swapPlan(dataDir, contentDir, (options.now ?? (() => new Date()))());
  const journal: Journal = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    staging: [plan.stagedData, plan.stagedContent],
    moves: [],
  };
  // Written before staging begins, so a portal started meanwhile refuses (interruptedRestoreProblem).
  writeJournal(dataDir, journal);
  let manifest: Manifest;
  try {
    fs.mkdirSync(plan.stagedData, { mode: 0o700 });
    fs.mkdirSync(plan.stagedContent, { recursive: true });
    manifest = unpackBackup(archive, placement(plan), (m) => checkRestorable(m, plan));
    checkRestoredDatabase(path.join(plan.stagedData, DATABASE_NAME), manifest);
    assertPortalStopped(dataDir);
  } catch (error) {
    recoverInterruptedRestore(dataDir); // nothing moved yet: this removes the staging folders and the journal
    throw error;
  }
  performMoves(dataDir, { ...journal, moves: planMoves(plan) });
  return { manifest, replaced: replacedBy(plan), recovered };
}

/**
 * Undoes a restore: swaps the data kept in DATA_DIR/before-restore-<time>/ back in, keeping what it
 * replaces in a new before-restore folder (so the undo can be undone too).
 */
export function undoRestore(options: {
  before: string;
  dataDir: string;
  contentDir: string;
  now?: () => Date;
}): { replaced: RestoreReport['replaced']; recovered: string | null } {
  const dataDir = path.resolve(options.dataDir);
  const contentDir = path.resolve(options.contentDir);
  const kept = path.resolve(options.before);
  const stamp = /^before-restore-([0-9TZ-]+)$/.exec(path.basename(kept))?.[1];
  if (
    !stamp ||
    path.dirname(kept) !== dataDir ||
    !fs.statSync(kept, { throwIfNoEntry: false })?.isDirectory()
  )
    throw new BackupError(
      `${kept} is not a folder kept by a restore. Fix: give one of the DATA_DIR/before-restore-<time> folders of ${dataDir}.`,
    );
  assertPortalStopped(dataDir);
  const recovered = recoverInterruptedRestore(dataDir);
  const keptContent = [path.join(kept, 'content'), `${contentDir}.before-restore-${stamp}`].find((p) =>
    fs.existsSync(p),
  );
  const plan = {
    ...swapPlan(dataDir, contentDir, (options.now ?? (() => new Date()))()),
    stagedData: kept,
    // None kept: CONTENT_DIR did not exist before that restore, and will not after the undo.
    stagedContent: keptContent ?? path.join(kept, 'content'),
  };
  performMoves(dataDir, {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    staging: [],
    moves: planMoves(plan),
  });
  try {
    fs.rmdirSync(kept); // empty now, unless it held something a restore never moves
  } catch {
    // left in place with whatever it still holds
  }
  return { replaced: replacedBy(plan), recovered };
}

function replacedBy(plan: SwapPlan): RestoreReport['replaced'] {
  return {
    data: fs.existsSync(plan.before) ? plan.before : null,
    content: fs.existsSync(plan.contentBefore) ? plan.contentBefore : null,
  };
}

function checkRestoreSource(archive: string, dataDir: string, contentDir: string): void {
  if (!fs.existsSync(archive) || !fs.statSync(archive).isFile())
    throw new BackupError(
      `There is no backup file at ${archive}. Fix: give the path of a .tar.gz made by \`npm run backup\`.`,
    );
  if (isInside(dataDir, contentDir))
    throw new BackupError(
      `DATA_DIR (${dataDir}) lies inside CONTENT_DIR (${contentDir}), so replacing the knowledge base would move the database too. Fix: give them separate folders.`,
    );
}

/**
 * Staging sits beside each destination, on the same file system, so that the swap is a rename. Names
 * carry the time, made unique: a second restore within the same second must never move files into
 * the first one's before-restore folder.
 */
function swapPlan(dataDir: string, contentDir: string, now: Date): SwapPlan {
  const contentParent = path.dirname(contentDir);
  fs.mkdirSync(contentParent, { recursive: true });
  const sameDisk = fs.statSync(dataDir).dev === fs.statSync(contentParent).dev;
  for (let n = 1; ; n++) {
    const stamp = n === 1 ? fileStamp(now) : `${fileStamp(now)}-${n}`;
    const before = path.join(dataDir, `before-restore-${stamp}`);
    const plan = {
      dataDir,
      contentDir,
      stagedData: path.join(dataDir, `.restore-${stamp}`),
      stagedContent: path.join(contentParent, `.${path.basename(contentDir)}.restore-${stamp}`),
      before,
      contentBefore: sameDisk ? path.join(before, 'content') : `${contentDir}.before-restore-${stamp}`,
    };
    if (![plan.before, plan.contentBefore, plan.stagedData, plan.stagedContent].some((p) => fs.existsSync(p)))
      return plan;
  }
}

/** Database and attachments are personal data, readable by the owner only; content is the knowledge base. */
const placement =
  (plan: SwapPlan) =>
  (member: string): Placement =>
    member.startsWith('content/')
      ? { file: path.join(plan.stagedContent, member.slice('content/'.length)), mode: 0o644 }
      : { file: path.join(plan.stagedData, member), mode: 0o600 };

/** Refusals that need only the manifest: a newer schema, not enough room. */
function checkRestorable(manifest: Manifest, plan: SwapPlan): void {
  const known = newestKnownSchemaVersion();
  if (manifest.schemaVersion > known)
    throw new BackupError(
      `This backup was taken by a newer Fixpoint: its database has schema version ${manifest.schemaVersion}, and this Fixpoint knows versions up to ${known}. Nothing was changed. Fix: restore it with the Fixpoint version that made it (or a newer one), or choose a backup taken by this version.`,
    );
  const content = manifest.files.filter((f) => f.path.startsWith('content/'));
  const data = manifest.files.filter((f) => !f.path.startsWith('content/'));
  checkRoom(plan.dataDir, data, 'DATA_DIR');
  checkRoom(path.dirname(plan.contentDir), content, 'the folder of CONTENT_DIR');
}

function checkRoom(folder: string, files: Manifest['files'], name: string): void {
  const needed = files.reduce((sum, f) => sum + f.size, 0);
  const stats = fs.statfsSync(folder);
  const free = stats.bavail * stats.bsize;
  if (needed > free)
    throw new BackupError(
      `The backup needs ${megabytes(needed)} in ${name} (${folder}), and ${megabytes(free)} are free. Nothing was changed. Fix: free some space there, then run the restore again.`,
    );
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function checkRestoredDatabase(file: string, manifest: Manifest): void {
  const db = openSnapshot(file);
  try {
    const problem = integrityProblem(db);
    if (problem)
      throw new BackupError(
        `The database in this backup fails SQLite's integrity check (${problem}). Nothing was changed. Fix: use an older backup.`,
      );
    const version = schemaVersion(db);
    if (version !== manifest.schemaVersion)
      throw new BackupError(
        `The database in this backup has schema version ${version}, but its manifest says ${manifest.schemaVersion}: the archive was changed. Nothing was changed. Fix: use another copy of the backup.`,
      );
  } finally {
    db.close();
  }
}
