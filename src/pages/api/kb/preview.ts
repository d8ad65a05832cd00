import type { APIRoute } from 'astro';
import { previewMarkdown } from '#lib/web/kb-pages.ts';

export const POST: APIRoute = ({ request, locals }) => previewMarkdown(request, locals);
