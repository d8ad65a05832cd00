import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import type { ReadEntry } from 'tar';
import { ARCHIVE_ROOT, BackupError, MANIFEST_NAME, parseManifest, type Manifest } from './manifest.ts';

/** Largest manifest accepted: a listing of a million files is far below it. */
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

type Written = { size: number; sha256: string };
/** Where a member is written, and with which permissions. */
export type Placement = { file: string; mode: number };

/**
 * Reads a backup archive once: the manifest (first member) goes to `onManifest`, which may refuse it
 * (a newer schema, too little space) before anything else is written; then every file the manifest
 * lists is written where `place` says (staging folders, never the live data) while its SHA-256 is
 * computed. Links, devices, unlisted or repeated members, a wrong size or checksum, and a missing
 * member are refused with a sentence. Only this code decides where bytes go: member paths are checked
 * against the manifest, whose paths are checked by parseManifest.
 */
export function unpackBackup(
  archive: string,
  place: (member: string) => Placement,
  onManifest: (manifest: Manifest) => void,
): Manifest {
  let manifest: Manifest | null = null;
  const written = new Map<string, Written>();
  const open = new Set<number>();
  const onReadEntry = (entry: ReadEntry) => {
    const member = memberName(entry);
    if (member === null) return entry.resume();
    if (!manifest) {
      if (member !== MANIFEST_NAME)
        throw new BackupError(
          `The archive does not start with ${ARCHIVE_ROOT}/${MANIFEST_NAME}: it is not a Fixpoint backup, or it was repacked.`,
        );
      return readManifest(entry, (m) => {
        manifest = m;
        onManifest(m);
      });
    }
    const listed = manifest.files.find((f) => f.path === member);
    if (!listed)
      throw new BackupError(
        `The archive holds ${member}, which its manifest does not list: it was changed after the backup was taken.`,
      );
    if (written.has(member))
      throw new BackupError(`The archive holds ${member} twice: it was changed after the backup was taken.`);
    if (entry.size !== listed.size)
      throw new BackupError(
        `${member} has ${entry.size} bytes in the archive but ${listed.size} in its manifest: the archive was changed or damaged.`,
      );
    writeMember(entry, place(member), open, (result) => written.set(member, result));
  };
  try {
    tar.t({ file: archive, sync: true, strict: true, maxDecompressionRatio: Infinity, onReadEntry });
  } catch (error) {
    for (const fd of open) fs.closeSync(fd); // a member cut off in the middle
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      `${archive} cannot be read as a .tar.gz (${(error as Error).message}): it is damaged or cut short. Fix: use another copy of the backup.`,
    );
  }
  if (!manifest)
    throw new BackupError(
      `${archive} holds no ${ARCHIVE_ROOT}/${MANIFEST_NAME}: it is not a Fixpoint backup.`,
    );
  checkAgainstManifest(manifest, written);
  return manifest;
}

/** The path inside the archive's folder; null for the folder entries themselves (they carry no data). */
function memberName(entry: ReadEntry): string | null {
  const full = entry.path.replace(/\/+$/, '');
  if (entry.type === 'Directory') return null;
  if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile')
    throw new BackupError(
      `The archive holds ${full}, a ${entry.type} entry; a Fixpoint backup holds plain files only, so it is refused.`,
    );
  if (!full.startsWith(`${ARCHIVE_ROOT}/`))
    throw new BackupError(
      `The archive holds ${full}, outside the ${ARCHIVE_ROOT}/ folder: it is not a Fixpoint backup.`,
    );
  return full.slice(ARCHIVE_ROOT.length + 1);
}

function readManifest(entry: ReadEntry, done: (manifest: Manifest) => void): void {
  if (entry.size > MAX_MANIFEST_BYTES)
    throw new BackupError("The archive's manifest.json is implausibly large: the archive is damaged.");
  const chunks: Buffer[] = [];
  entry.on('data', (chunk: Buffer) => chunks.push(chunk));
  entry.on('end', () => done(parseManifest(Buffer.concat(chunks).toString('utf8'))));
}

function writeMember(
  entry: ReadEntry,
  { file, mode }: Placement,
  open: Set<number>,
  done: (result: Written) => void,
): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: mode === 0o600 ? 0o700 : 0o755 });
  const fd = fs.openSync(file, 'wx', mode);
  open.add(fd);
  const hash: Hash = createHash('sha256');
  let size = 0;
  entry.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
    fs.writeSync(fd, chunk);
  });
  entry.on('end', () => {
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    open.delete(fd);
    done({ size, sha256: hash.digest('hex') });
  });
}

function checkAgainstManifest(manifest: Manifest, written: Map<string, Written>): void {
  for (const file of manifest.files) {
    const got = written.get(file.path);
    if (!got)
      throw new BackupError(
        `The archive lacks ${file.path}, which its manifest lists: it is incomplete (a copy cut short?). Fix: use another copy of the backup.`,
      );
    if (got.size !== file.size || got.sha256 !== file.sha256)
      throw new BackupError(
        `${file.path} does not match its checksum in the manifest: the archive was changed or damaged after the backup was taken. Nothing was restored. Fix: use another copy of the backup.`,
      );
  }
}
