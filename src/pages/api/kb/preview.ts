import type { APIRoute } from 'astro';
import { previewMarkdown } from '#lib/knowledge/kb-pages.ts';

export const POST: APIRoute = ({ request, locals }) => previewMarkdown(request, locals);
