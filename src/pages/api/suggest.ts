import type { APIRoute } from 'astro';
import { answerSuggestApi } from '#lib/web/suggest.ts';

export const GET: APIRoute = ({ url, locals }) => answerSuggestApi(url, locals);
