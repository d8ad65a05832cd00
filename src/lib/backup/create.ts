import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { storageCause } from '#lib/config/data-dir.ts';
import { FOLDER } from '#lib/content/editor.ts';
import { isTranslationFileName } from '#lib/content/load.ts';
import { integrityProblem, openSnapshot, schemaVersion, snapshotDatabase } from '#lib/db/snapshot.ts';
import { attachmentsFolder } from '#lib/tickets/attachments.ts';
import { ticketInventory, type AttachmentFile } from '#lib/tickets/inventory.ts';
import {
  ARCHIVE_ROOT,
  BackupError,
  DATABASE_NAME,
  MANIFEST_NAME,
  memberProblem,
  newManifest,
  sha256File,
  type Manifest,
  type ManifestFile,
} from './manifest.ts';
import { isInside } from './paths.ts';
import { interruptedRestoreProblem } from './swap.ts';

export type BackupReport = { file: string; bytes: number; manifest: Manifest; warnings: string[] };

/**
 * Writes one .tar.gz holding a consistent copy of the database (SQLite's online backup API, so the
 * portal keeps running and writing), the attachments that copy refers to, and CONTENT_DIR, with a
 * manifest of sizes and SHA-256 sums. The database is copied first: attachment files are written
 * before the row that refers to them commits and are never changed afterwards, so every attachment
 * in the copy is on disk when the files are collected. The archive appears under its name only
 * once it is complete (temp file, fsync, rename).
 */
export async function createBackup(options: {
  dataDir: string;
  contentDir: string;
  output: string;
  now?: () => Date;
}): Promise<BackupReport> {
  const { dataDir, contentDir } = options;
  const output = path.resolve(options.output);
  checkBackupTarget(dataDir, contentDir, output);
  const staging = fs.mkdtempSync(path.join(path.dirname(output), '.fixpoint-backup-'));
  const root = path.join(staging, ARCHIVE_ROOT);
  const part = `${output}.part`;
  try {
    fs.mkdirSync(root, { mode: 0o700 });
    const createdAt = (options.now ?? (() => new Date()))().toISOString();
    await snapshotDatabase(path.join(dataDir, DATABASE_NAME), path.join(root, DATABASE_NAME));
    const snapshot = readSnapshot(path.join(root, DATABASE_NAME));
    const content = stageContent(contentDir, path.join(root, 'content'));
    const warnings = [...stageAttachments(dataDir, root, snapshot.attachments), ...content.warnings];
    const files = listStaged(root);
    const manifest = newManifest({
      createdAt,
      schemaVersion: snapshot.schemaVersion,
      counts: {
        tickets: snapshot.tickets,
        articles: content.articles,
        translations: content.translations,
        attachments: files.filter((f) => f.path.startsWith('attachments/')).length,
      },
      files,
    });
    fs.writeFileSync(path.join(root, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
    // The manifest first: restore reads it before anything else.
    const members = [MANIFEST_NAME, ...files.map((f) => f.path)].map((m) => `${ARCHIVE_ROOT}/${m}`);
    await tar.c(
      {
        gzip: true,
        file: part,
        cwd: staging,
        portable: true,
        mode: 0o600,
        // Personal data stays owner-only when someone unpacks the archive with tar by hand.
        onWriteEntry: (entry) => {
          if (entry.stat && !entry.path.startsWith(`${ARCHIVE_ROOT}/content/`)) entry.stat.mode = 0o600;
        },
      },
      members,
    );
    syncFile(part);
    fs.renameSync(part, output);
    syncFile(path.dirname(output));
    return { file: output, bytes: fs.statSync(output).size, manifest, warnings };
  } catch (error) {
    fs.rmSync(part, { force: true });
    throw asBackupError(error, output);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function checkBackupTarget(dataDir: string, contentDir: string, output: string): void {
  const restoring = interruptedRestoreProblem(dataDir);
  if (restoring) throw new BackupError(restoring);
  const database = path.join(dataDir, DATABASE_NAME);
  if (!fs.existsSync(database))
    throw new BackupError(
      `There is no database at ${database}. Fix: set DATA_DIR to the portal's data folder (the one holding fixpoint.db).`,
    );
  if (fs.existsSync(output))
    throw new BackupError(
      `${output} already exists, and a backup never overwrites a file. Fix: give a new name, e.g. fixpoint-${new Date().toISOString().slice(0, 10)}.tar.gz.`,
    );
  if (isInside(output, contentDir) || isInside(output, attachmentsFolder(dataDir)))
    throw new BackupError(
      `${output} is inside CONTENT_DIR or the attachments folder, so the next backup would contain this one. Fix: write backups somewhere else.`,
    );
  if (isInside(dataDir, contentDir))
    throw new BackupError(
      `DATA_DIR (${dataDir}) is inside CONTENT_DIR (${contentDir}), so the knowledge base would carry the database along. Fix: move DATA_DIR out of CONTENT_DIR.`,
    );
  fs.mkdirSync(path.dirname(output), { recursive: true });
}

/** What the manifest says about the database copy; a damaged database is refused. */
function readSnapshot(file: string): {
  schemaVersion: number;
  tickets: number;
  attachments: AttachmentFile[];
} {
  const db = openSnapshot(file);
  try {
    const problem = integrityProblem(db);
    if (problem)
      throw new BackupError(
        `The database fails SQLite's integrity check (${problem}), so a backup of it could not be restored. Nothing was written. Fix: restore the last good backup, or stop the portal and rescue the data with \`sqlite3 fixpoint.db ".recover"\`.`,
      );
    return { schemaVersion: schemaVersion(db), ...ticketInventory(db) };
  } finally {
    db.close();
  }
}

/** Links (or copies) every attachment the database copy refers to; what is missing or changed is a warning. */
function stageAttachments(dataDir: string, root: string, attachments: AttachmentFile[]): string[] {
  const warnings: string[] = [];
  if (attachments.length === 0) return warnings;
  fs.mkdirSync(path.join(root, 'attachments'), { mode: 0o700 });
  for (const a of attachments) {
    const member = `attachments/${a.storedName}`;
    const source = path.join(attachmentsFolder(dataDir), a.storedName);
    if (memberProblem(member) || !fs.existsSync(source)) {
      warnings.push(
        `Attachment ${a.storedName} is recorded in the database but missing from ${attachmentsFolder(dataDir)}; the backup goes on without it.`,
      );
      continue;
    }
    const target = path.join(root, member);
    try {
      // A hard link is a free snapshot: attachment files are never changed in place.
      fs.linkSync(source, target);
    } catch {
      fs.copyFileSync(source, target);
    }
    if (sha256File(target) !== a.sha256)
      warnings.push(
        `Attachment ${a.storedName} no longer matches the checksum recorded when it was uploaded; it is backed up as it is now.`,
      );
  }
  return warnings;
}

/** The editor's temporary files (`.slug.1a2b3c.tmp`, renamed into place when a save completes). */
const isEditorTemp = (name: string) => name.startsWith('.') && name.endsWith('.tmp');

/**
 * Copies CONTENT_DIR (regular files only) and counts its articles and their translations. Each file is copied through one
 * open handle: an article saved meanwhile is renamed into place, so a copy holds either the old text
 * or the new one, never a mix. What restore would refuse (a link, a name with a backslash) is left
 * out with a warning, so that every archive written here can be restored.
 */
function stageContent(
  contentDir: string,
  target: string,
): { articles: number; translations: number; warnings: string[] } {
  const result = { articles: 0, translations: 0, warnings: [] as string[] };
  if (!fs.existsSync(contentDir)) {
    result.warnings.push(`CONTENT_DIR (${contentDir}) does not exist: the backup holds no articles.`);
    return result;
  }
  const folders = new Set(Object.values(FOLDER));
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(contentDir, relative), { withFileTypes: true })) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isFile() && isEditorTemp(entry.name)) continue;
      if (entry.isDirectory() && !memberProblem(`content/${rel}/x`)) walk(rel);
      else if (entry.isFile() && !memberProblem(`content/${rel}`)) {
        fs.mkdirSync(path.join(target, relative), { recursive: true });
        fs.copyFileSync(path.join(contentDir, rel), path.join(target, rel));
        if (folders.has(relative) && entry.name.endsWith('.md'))
          result[isTranslationFileName(entry.name) ? 'translations' : 'articles']++;
      } else
        result.warnings.push(
          `${path.join(contentDir, rel)} is not a plain file or folder name; it is left out.`,
        );
    }
  };
  walk('');
  return result;
}

/** Every staged file with its size and checksum: the database, then attachments, then content. */
function listStaged(root: string): ManifestFile[] {
  const files: ManifestFile[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else
        files.push({
          path: rel,
          size: fs.statSync(path.join(root, rel)).size,
          sha256: sha256File(path.join(root, rel)),
        });
    }
  };
  walk('');
  const rank = (p: string) => (p === DATABASE_NAME ? 0 : p.startsWith('attachments/') ? 1 : 2);
  return files.sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : 1));
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function asBackupError(error: unknown, output: string): Error {
  if (error instanceof BackupError) return error;
  const cause = storageCause(error);
  if (cause)
    return new BackupError(
      `Could not write the backup ${output}: ${cause}. Nothing was written. Fix: choose a folder with free space that you may write to.`,
    );
  return error as Error;
}
