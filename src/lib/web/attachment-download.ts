import fs from 'node:fs';
import { Readable } from 'node:stream';
import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import { downloadDisposition, getAttachmentForViewer } from '#lib/tickets/attachments.ts';
import { requireUser } from './guards.ts';

/**
 * GET /attachments/<id>: the file, always as a download in a sandbox, for the requester and agents only;
 * anyone else gets the same 404 as for a missing id.
 */
export function downloadAttachment(id: string | undefined, locals: App.Locals): Response {
  const viewer = requireUser(locals);
  const found = /^\d{1,12}$/.test(id ?? '')
    ? getAttachmentForViewer(getDb(), getConfig().dataDir, Number(id), viewer)
    : null;
  if (!found)
    return new Response('Not found.', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  const stream = fs.createReadStream(found.filePath);
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: {
      'Content-Type': found.mediaType,
      'Content-Length': String(found.size),
      'Content-Disposition': downloadDisposition(found.fileName),
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
