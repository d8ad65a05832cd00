import type { APIRoute } from 'astro';
import { removeLearnedPhrasing } from '#lib/web/learned-phrasings.ts';

export const POST: APIRoute = ({ request, locals, params }) =>
  removeLearnedPhrasing(request, locals, params.slug ?? '');
