import type { APIRoute } from 'astro';
import { readForm } from '#lib/web/http.ts';
import { answerSuggestApi } from '#lib/web/suggest.ts';

export const GET: APIRoute = ({ url, locals }) => answerSuggestApi(url.searchParams, locals);

// The same question as a form, for a text too long to fit in an address.
export const POST: APIRoute = async ({ request, locals }) =>
  answerSuggestApi(await readForm(request), locals);
