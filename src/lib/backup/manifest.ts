import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';

/**
 * A backup is a .tar.gz with one folder, `fixpoint-backup/`, so `tar xzf` on any machine unpacks it
 * tidily: `manifest.json` first (restore reads it before anything else), `fixpoint.db`, `attachments/`
 * and `content/`. The manifest lists every file with its size and SHA-256.
 */
export const ARCHIVE_ROOT = 'fixpoint-backup';
export const MANIFEST_NAME = 'manifest.json';
export const DATABASE_NAME = 'fixpoint.db';
const FORMAT = 'fixpoint-backup';

/** Raised for anything the operator must fix; the message says what and how. */
export class BackupError extends Error {}

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestSchema = z.object({
  /** Always "fixpoint-backup": tells a Fixpoint archive from any other tarball. */
  format: z.literal(FORMAT),
  /** Layout of the archive; a reader refuses versions it does not know. */
  formatVersion: z.literal(1),
  /** When the database snapshot was taken (UTC, ISO 8601). */
  createdAt: z.iso.datetime(),
  /** Newest migration in the snapshot's schema_migrations. */
  schemaVersion: z.number().int().min(0),
  /** What the backup holds, for a person deciding whether it is the one they want. */
  counts: z.object({
    tickets: z.number().int().min(0),
    articles: z.number().int().min(0),
    /** German and Italian texts of the articles (absent in archives written before translations). */
    translations: z.number().int().min(0).optional(),
    attachments: z.number().int().min(0),
  }),
  /** Every file in the archive but the manifest, relative to the archive's folder. */
  files: z.array(z.object({ path: z.string(), size: z.number().int().min(0), sha256: Sha256 })),
});
export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestFile = Manifest['files'][number];

export function newManifest(fields: Omit<Manifest, 'format' | 'formatVersion'>): Manifest {
  return { format: FORMAT, formatVersion: 1, ...fields };
}

/** Reads a manifest's text; a sentence when it is not one this code can use. */
export function parseManifest(text: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError("The archive's manifest.json is not valid JSON: the archive is damaged.");
  }
  const parsed = ManifestSchema.safeParse(json);
  if (parsed.success) {
    const bad = parsed.data.files.find((f) => memberProblem(f.path));
    if (!bad) return parsed.data;
    throw new BackupError(`The manifest names "${bad.path}", which ${memberProblem(bad.path)}.`);
  }
  const formatVersion = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if ((json as { format?: unknown } | null)?.format === FORMAT && formatVersion !== 1)
    throw new BackupError(
      `This backup uses archive format ${String(formatVersion)}, newer than this Fixpoint reads (1). Restore it with the Fixpoint version that made it.`,
    );
  throw new BackupError(
    "The archive's manifest.json is not a Fixpoint backup manifest: the archive is damaged or not a Fixpoint backup.",
  );
}

/**
 * Why a member path may not be restored, or null when it may: only the database, files directly in
 * attachments/, and relative paths under content/, with no empty, "." or ".." parts.
 */
export function memberProblem(member: string): string | null {
  if (member === DATABASE_NAME) return null;
  const parts = member.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0')))
    return 'is not a plain relative path';
  if (parts[0] === 'attachments' && parts.length === 2) return null;
  if (parts[0] === 'content' && parts.length >= 2) return null;
  return 'is not part of a Fixpoint backup (only fixpoint.db, attachments/ and content/ are)';
}

/** SHA-256 of a file, read in chunks (a database can be large). */
export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1024 * 1024);
    let read: number;
    while ((read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0)
      hash.update(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}
