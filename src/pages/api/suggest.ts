import type { APIRoute } from 'astro';
import { z } from 'zod';
import { requireUser } from '#lib/auth/guards.ts';
import { REQUEST_ID_PATTERN } from '#lib/deflection/requests.ts';
import { suggestForRequest } from '#lib/search/site-suggest.ts';

const Params = z.object({
  // Long text is cut, never refused: employees paste whole error logs.
  q: z.string({ error: 'Add q, the text to find suggestions for.' }),
  rid: z.string().regex(REQUEST_ID_PATTERN, 'rid must be the help-request id the page created (16–64 letters, digits, - or _).').optional(),
  limit: z.coerce.number().int().min(1).max(10).default(5),
});

export const GET: APIRoute = async ({ url, locals }) => {
  const principal = requireUser(locals);
  const parsed = Params.safeParse({ q: url.searchParams.get('q') ?? undefined, rid: url.searchParams.get('rid') ?? undefined, limit: url.searchParams.get('limit') ?? undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return Response.json({ error: issue.message, fields: { [String(issue.path[0])]: issue.message } }, { status: 400 });
  }
  const result = await suggestForRequest(principal, parsed.data.q, parsed.data.rid, parsed.data.limit);
  return Response.json(
    { results: result.results.map(({ slug, type, title, url: link, snippet, category }) => ({ slug, type, title, url: link, snippet, category })), ...(result.status === 'degraded' ? { degraded: true } : {}) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
};
