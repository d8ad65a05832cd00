import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { hasAnyRole, type Principal } from '#lib/auth/roles.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { makeDirectoryDurably, writeFileDurably } from '#lib/db/durable-files.ts';
import { msg, translate, type Message } from '#lib/i18n/translate.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;
/** What a form with the most and largest files weighs, plus room for the text fields. */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_ATTACHMENTS_PER_MESSAGE * MAX_ATTACHMENT_BYTES + 1024 * 1024;

/** `id` names the kind in the catalogue's sentences (tickets.fileMismatch: "a PNG image"). */
type Kind = { id: string; mediaType: string; extensions: readonly string[] };
const IMAGE_AND_PDF: Array<Kind & { magic: (b: Uint8Array) => boolean }> = [
  {
    id: 'png',
    mediaType: 'image/png',
    extensions: ['.png'],
    magic: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  {
    id: 'jpeg',
    mediaType: 'image/jpeg',
    extensions: ['.jpg', '.jpeg'],
    magic: (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  },
  {
    id: 'gif',
    mediaType: 'image/gif',
    extensions: ['.gif'],
    magic: (b) => ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a',
  },
  {
    id: 'webp',
    mediaType: 'image/webp',
    extensions: ['.webp'],
    magic: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP',
  },
  {
    id: 'pdf',
    mediaType: 'application/pdf',
    extensions: ['.pdf'],
    magic: (b) => ascii(b, 0, 5) === '%PDF-',
  },
];
const TEXT: Kind = {
  id: 'text',
  mediaType: 'text/plain; charset=utf-8',
  extensions: [
    '.txt',
    '.log',
    '.csv',
    '.json',
    '.xml',
    '.ini',
    '.conf',
    '.cfg',
    '.yaml',
    '.yml',
    '.md',
    '.out',
    '.err',
  ],
};

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((value, i) => bytes[i] === value);
}
function ascii(bytes: Uint8Array, from: number, to: number): string {
  return bytes.length >= to ? String.fromCharCode(...bytes.subarray(from, to)) : '';
}

/**
 * The media type a file really has, decided by its bytes: images and PDFs by their signature, text by
 * being valid UTF-8 without NUL bytes. The name's extension must agree, so "invoice.pdf" that is really
 * an HTML page, or "photo.png" that is a script, is refused. Null: not a kind we accept.
 */
/** A refusal: the sentence for the person (`reason`, worded where it is shown) and its English text (`error`, for logs and mail). */
type Refusal = { error: string; reason: Message };
const refusal = (reason: Message): Refusal => ({
  error: translate('en', reason.key, reason.values),
  reason,
});

export function sniffFile(name: string, bytes: Uint8Array): { mediaType: string } | Refusal {
  const extension = path.extname(name).toLowerCase();
  const binary = IMAGE_AND_PDF.find((k) => k.magic(bytes));
  const claimed = [...IMAGE_AND_PDF, TEXT].find((k) => k.extensions.includes(extension));
  if (binary) {
    if (claimed && claimed !== binary)
      return refusal(
        msg('tickets.fileMismatch', {
          name,
          actual: binary.id,
          claimed: claimed.id,
          extension: binary.extensions[0] ?? '',
        }),
      );
    return { mediaType: binary.mediaType };
  }
  if (!claimed) return refusal(msg('tickets.fileKindRefused', { name }));
  if (claimed !== TEXT) return refusal(msg('tickets.fileNotWhatItSays', { name, claimed: claimed.id }));
  if (bytes.includes(0) || !isUtf8(bytes)) return refusal(msg('tickets.fileBinary', { name }));
  return { mediaType: TEXT.mediaType };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A name safe to show and to offer as the download name: no folders, no control characters, not too long. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/^[.\s]+/, '')
    .trim();
  if (!cleaned) return 'attachment';
  const extension = path.extname(cleaned).slice(0, 10);
  return cleaned.length > 150 ? `${cleaned.slice(0, 150 - extension.length)}${extension}` : cleaned;
}

/** A file on disk under DATA_DIR, checked and not yet recorded. */
export type StoredFile = {
  fileName: string;
  storedName: string;
  mediaType: string;
  size: number;
  sha256: string;
};

export type UploadCheck = { ok: true; files: StoredFile[] } | ({ ok: false } & Refusal);

/** Where attachments live: DATA_DIR/attachments, one file per attachment under its generated name. */
export const attachmentsFolder = (dataDir: string) => path.join(dataDir, 'attachments');
const folder = attachmentsFolder;

/**
 * Checks the files of one message (count, size, content) and writes them under DATA_DIR with generated
 * names (temp file + rename, so a crash never leaves half a file under a real name), readable by the
 * portal's user only, and fsynced before this returns. Nothing is written
 * unless every file passes. Empty file inputs (a form sent without a file) are ignored.
 */
export async function storeUploads(dataDir: string, entries: FormDataEntryValue[]): Promise<UploadCheck> {
  const files = entries.filter((e): e is File => typeof e !== 'string' && (e.size > 0 || e.name !== ''));
  if (files.length > MAX_ATTACHMENTS_PER_MESSAGE)
    return {
      ok: false,
      ...refusal(msg('tickets.tooManyFiles', { max: MAX_ATTACHMENTS_PER_MESSAGE, count: files.length })),
    };
  const checked: Array<StoredFile & { bytes: Uint8Array }> = [];
  for (const file of files) {
    const fileName = cleanFileName(file.name);
    if (file.size === 0) return { ok: false, ...refusal(msg('tickets.fileEmpty', { name: fileName })) };
    if (file.size > MAX_ATTACHMENT_BYTES)
      return {
        ok: false,
        ...refusal(
          msg('tickets.fileTooLarge', { name: fileName, size: Math.round(file.size / 1024 / 102.4) / 10 }),
        ),
      };
    const bytes = new Uint8Array(await file.arrayBuffer());
    const sniffed = sniffFile(fileName, bytes);
    if ('error' in sniffed) return { ok: false, ...sniffed };
    const extension = sniffed.mediaType.startsWith('text/') ? '.txt' : path.extname(fileName).toLowerCase();
    checked.push({
      fileName,
      storedName: `${randomUUID()}${extension}`,
      mediaType: sniffed.mediaType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes,
    });
  }
  if (checked.length === 0) return { ok: true, files: [] };
  makeDirectoryDurably(folder(dataDir), 0o700);
  const written: StoredFile[] = [];
  try {
    for (const { bytes, ...file } of checked) {
      const target = path.join(folder(dataDir), file.storedName);
      // On the disk before the caller commits the row that names it (see durable-files.ts).
      writeFileDurably(target, bytes, { temp: `${target}.part`, mode: 0o600 });
      written.push(file);
    }
  } catch (error) {
    discardUploads(dataDir, written);
    throw error;
  }
  return { ok: true, files: written };
}

/** Removes files that were stored but never recorded (the message they belonged to was refused). */
export function discardUploads(dataDir: string, files: StoredFile[]): void {
  for (const file of files) fs.rmSync(path.join(folder(dataDir), file.storedName), { force: true });
}

/** Records stored files against a ticket (and the message they came with), inside the caller's transaction. */
export function recordAttachments(
  db: Db,
  input: {
    ticketId: number;
    eventId: number | null;
    uploaderId: number | null;
    internal: boolean;
    at: string;
    files: StoredFile[];
  },
): void {
  for (const f of input.files) {
    sql(
      db,
      'INSERT INTO attachments (ticket_id, event_id, uploader_id, file_name, stored_name, media_type, size, sha256, internal, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      input.ticketId,
      input.eventId,
      input.uploaderId,
      f.fileName,
      f.storedName,
      f.mediaType,
      f.size,
      f.sha256,
      input.internal ? 1 : 0,
      input.at,
    );
  }
}

export type Attachment = {
  id: number;
  eventId: number | null;
  fileName: string;
  mediaType: string;
  size: number;
  internal: boolean;
  url: string;
};

/** A ticket's attachments as this viewer may see them (requesters never see those on internal notes). */
export function listAttachments(
  db: Db,
  ticketId: number,
  options: { includeInternal: boolean },
): Attachment[] {
  const rows = sql(
    db,
    `SELECT id, event_id AS eventId, file_name AS fileName, media_type AS mediaType, size, internal FROM attachments WHERE ticket_id = ? ${options.includeInternal ? '' : 'AND internal = 0'} ORDER BY id`,
  ).all(ticketId) as Array<Omit<Attachment, 'internal' | 'url'> & { internal: number }>;
  return rows.map((r) => ({ ...r, internal: r.internal === 1, url: `/attachments/${r.id}` }));
}

/**
 * An attachment's file for a download, or null (answer 404) unless the viewer is an agent or the
 * ticket's requester, and the attachment is not on an internal note.
 */
export function getAttachmentForViewer(
  db: Db,
  dataDir: string,
  id: number,
  viewer: Principal,
): { fileName: string; mediaType: string; size: number; filePath: string } | null {
  if (!Number.isSafeInteger(id)) return null;
  const row = sql(
    db,
    `SELECT a.file_name, a.stored_name, a.media_type, a.size, a.internal, t.requester_id,
      EXISTS (SELECT 1 FROM ticket_followers f WHERE f.ticket_id = a.ticket_id AND f.user_id = ?) AS follows
     FROM attachments a JOIN tickets t ON t.id = a.ticket_id WHERE a.id = ?`,
  ).get(viewer.kind === 'user' ? viewer.id : -1, id) as
    | {
        file_name: string;
        stored_name: string;
        media_type: string;
        size: number;
        internal: number;
        requester_id: number;
        follows: number;
      }
    | undefined;
  if (!row) return null;
  const isAgent = hasAnyRole(viewer, ['agent']);
  // The requester, and colleagues they copied on a mail (followers), see the public attachments.
  const isRequester = (viewer.kind === 'user' && viewer.id === row.requester_id) || row.follows === 1;
  if (!isAgent && !(isRequester && row.internal === 0)) return null;
  const filePath = path.join(folder(dataDir), row.stored_name);
  return fs.existsSync(filePath)
    ? { fileName: row.file_name, mediaType: row.media_type, size: row.size, filePath }
    : null;
}

/** The public files of one message (an agent's reply), for mailing them along: where each is stored. */
export function messageAttachmentFiles(
  db: Db,
  eventId: number,
): Array<{ fileName: string; mediaType: string; storedName: string; size: number }> {
  return sql(
    db,
    'SELECT file_name AS fileName, media_type AS mediaType, stored_name AS storedName, size FROM attachments WHERE event_id = ? AND internal = 0 ORDER BY id',
  ).all(eventId) as Array<{ fileName: string; mediaType: string; storedName: string; size: number }>;
}

/** Content-Disposition for a download with any file name (RFC 6266 / 5987: an ASCII fallback and the UTF-8 name). */
export function downloadDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * The HTTP answer for GET /attachments/<id>: the file as a download (never rendered inline, so an
 * uploaded page or image cannot run in the site's origin), or 404 for anyone who may not have it.
 */
