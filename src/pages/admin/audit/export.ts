import type { APIRoute } from 'astro';
import { exportAuditCsv } from '#lib/web/admin-pages.ts';

export const GET: APIRoute = ({ locals, url }) => exportAuditCsv(locals, url.searchParams);
