import type { I18n } from '#lib/i18n/i18n.ts';
import { z } from 'zod';
import { readerFor, type Principal } from '#lib/auth/roles.ts';
import { getDb } from '#lib/db/connection.ts';
import {
  isRequestId,
  recordSuggestionsShown,
  rejectedInRequest,
  REQUEST_ID_PATTERN,
} from '#lib/deflection/requests.ts';
import { suggestFromKnowledgeBase } from '#lib/search/site-suggest.ts';
import type { SuggestResult } from '#lib/search/suggest.ts';
import { INCIDENT_STATUS_LABELS, isAffected, listOpenIncidentHeads } from '#lib/incidents/incidents.ts';
import { matchIncidents } from '#lib/incidents/matching.ts';
import { fieldErrors } from '#lib/validation/field-errors.ts';
import { requireUser } from './guards.ts';
import { RateLimiter } from './rate-limit.ts';
import { getConfig } from '#lib/config/config.ts';
import { localeOf, type Locale } from '#lib/i18n/locales.ts';

let limiter: RateLimiter | null = null;
const suggestionLimiter = () =>
  (limiter ??= new RateLimiter(getConfig().limits.suggestionsPerMinute, 60_000));

// What the page sends is the subject and the description; more than this is not a problem description.
const MAX_REQUEST_TEXT = 22_000;

/** An open major incident that the request is about: offered first, with "I'm affected too". */
export type IncidentMatch = {
  id: number;
  title: string;
  /** As people read it: "Investigating", "Identified", … */
  status: string;
  message: string;
  url: string;
  /** This person already said "I'm affected too": they follow it. */
  affected: boolean;
};

/** The open incidents the text names, best first (at most 2: an outage is one thing). */
export function incidentsFor(text: string, i18n: I18n, userId: number | null): IncidentMatch[] {
  const db = getDb();
  const open = listOpenIncidentHeads(db);
  if (open.length === 0) return [];
  return matchIncidents(open, text.slice(0, MAX_REQUEST_TEXT))
    .slice(0, 2)
    .map((i) => ({
      id: i.id,
      title: i.title,
      status: i18n.t(INCIDENT_STATUS_LABELS[i.status]),
      message: i.message,
      url: `/incidents/${i.id}`,
      affected: userId !== null && isAffected(db, i.id, userId),
    }));
}

/**
 * Suggestions for a signed-in person, recorded against their help request when the page sent its id
 * (and the request is theirs). Used by /api/suggest, by /help without JavaScript and by the agent's
 * "articles that match this ticket".
 */
export async function suggestForRequest(
  principal: Principal,
  text: string,
  requestId: string | undefined,
  limit = 5,
  /** The person's own language (their choice, cookie or browser), when the caller knows it. */
  locale?: Locale,
  /**
   * The page asking as the person types: the answer does not wait for the sentence encoder and may
   * say `refining` (the page asks again in a moment). Other callers are not typing: they wait for it.
   */
  { typing = false }: { typing?: boolean } = {},
): Promise<SuggestResult & { declined: number }> {
  const bounded = text.slice(0, MAX_REQUEST_TEXT);
  const ownRequest = requestId && isRequestId(requestId) && principal.kind === 'user' ? requestId : null;
  // An article the person already answered "No" to in this request is not offered again, and the
  // ranking's minimum and gate judge what is left: nothing, when nothing else fits.
  const declined = ownRequest ? rejectedInRequest(getDb(), ownRequest, principal.id) : new Set<string>();
  const result = await suggestFromKnowledgeBase(readerFor(principal), bounded, limit, locale, {
    typing: typing && ownRequest ? { requestId: ownRequest } : undefined,
    declined,
  });
  if (ownRequest && principal.kind === 'user' && bounded.trim().length >= 3) {
    const slugs = result.results.map((r) => r.slug);
    recordSuggestionsShown(getDb(), {
      requestId: ownRequest,
      userId: principal.id,
      query: result.query,
      draft: bounded,
      slugs,
    });
  }
  return { ...result, declined: declined.size };
}

const SuggestParams = z.object({
  // Long text is cut, never refused: employees paste whole error logs.
  q: z.string({ error: 'help.apiMissingText' }),
  rid: z.string().regex(REQUEST_ID_PATTERN, 'help.apiBadRequestId').optional(),
  limit: z.coerce
    .number({ error: 'help.apiBadLimit' })
    .int('help.apiBadLimit')
    .min(1, 'help.apiBadLimit')
    .max(10, 'help.apiBadLimit')
    .default(5),
  // The person's language; one Fixpoint does not speak is passed over, never refused.
  lang: z
    .string()
    .optional()
    .transform((v) => localeOf(v) ?? undefined),
});

/**
 * /api/suggest as JSON: the suggestions, best first; 400 with a sentence on bad parameters. The
 * parameters (q, rid, limit, lang) come in the address (GET) or, for a text too long for an address
 * (a pasted log: Node refuses request heads over 16 KB), as a form (POST).
 */
export async function answerSuggestApi(
  params: { get(name: string): FormDataEntryValue | null },
  locals: App.Locals,
): Promise<Response> {
  const principal = requireUser(locals);
  const allowed = suggestionLimiter().take(
    principal.kind === 'user' ? `user:${principal.id}` : `token:${principal.id}`,
  );
  if (!allowed.ok) {
    const error = locals.i18n.t('help.apiTooFast');
    return Response.json(
      { error },
      { status: 429, headers: { 'Retry-After': String(allowed.retryAfterSeconds) } },
    );
  }
  const param = (name: string) => {
    const value = params.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const parsed = SuggestParams.safeParse({
    q: param('q'),
    rid: param('rid'),
    limit: param('limit'),
    lang: param('lang'),
  });
  if (!parsed.success) {
    // The messages are catalogue keys: worded in the reader's language.
    const fields = Object.fromEntries(
      Object.entries(fieldErrors(parsed.error)).map(([field, said]) => [field, locals.i18n.text(said)]),
    );
    const error = locals.i18n.text(parsed.error.issues[0]!.message);
    return Response.json({ error, fields }, { status: 400 });
  }
  const { q, rid, limit, lang } = parsed.data;
  // `lang` names a language for API callers; the page's own request carries the person's.
  // With its request id the page is asking as someone types: answer at once (decision 012).
  const result = await suggestForRequest(principal, q, rid, limit, lang ?? locals.i18n.locale, {
    typing: rid !== undefined,
  });
  const results = result.results.map(
    ({ slug, type, title, url: link, snippet, category, score, locale }) => ({
      slug,
      type,
      title,
      url: link,
      snippet,
      category,
      score,
      locale,
    }),
  );
  // Open incidents the text names come next to the articles: the page shows them first.
  const incidents = principal.kind === 'user' ? incidentsFor(parsed.data.q, locals.i18n, principal.id) : [];
  const body = {
    results,
    incidents,
    ...(result.status === 'degraded' ? { degraded: true } : {}),
    // Not the final ranking yet: the page asks again in a moment (the vector is cached by then).
    ...(result.refining ? { refining: true } : {}),
    // How many articles this request answered "No" to: the page says "nothing else" when none is left.
    ...(result.declined > 0 ? { declined: result.declined } : {}),
  };
  return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
}
