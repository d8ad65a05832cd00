import type { APIRoute } from 'astro';
import { exportCsv } from '#lib/web/manage-page.ts';

export const GET: APIRoute = ({ params, locals, url }) =>
  exportCsv(locals, url, params.table) ?? new Response(locals.i18n.t('common.notFound'), { status: 404 });
