import type { APIRoute } from 'astro';
import { requireUser } from '#lib/auth/guards.ts';
import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import { attachmentResponse } from '#lib/tickets/attachments.ts';

export const GET: APIRoute = ({ params, locals }) => attachmentResponse(getDb(), getConfig().dataDir, params.id, requireUser(locals));
