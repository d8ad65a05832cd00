import type { APIRoute } from 'astro';
import { downloadAttachment } from '#lib/web/attachment-download.ts';

export const GET: APIRoute = ({ params, locals }) => downloadAttachment(params.id, locals);
