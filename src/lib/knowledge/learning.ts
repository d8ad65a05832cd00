import { getUserById } from '#lib/auth/users.ts';
import type { Db } from '#lib/db/db.ts';
import { solvedRequestsSince } from '#lib/deflection/requests.ts';
import { lastLearnedAt, learnPhrasings, LEARNING, type Phrasing } from '#lib/search/learned.ts';
import { resolvedArticleLinksSince } from '#lib/tickets/workflow.ts';
import { scrubPersonalData } from './scrub.ts';

/** Solves older than this are not learned at a first run (their weight would be below 1/4 anyway). */
const MAX_AGE_DAYS = 365;
/** Solves read per source and run: a first run over a long history goes in steps. */
const BATCH = 2000;
/** Re-read this far before the newest solve learned: solves recorded late (write-behind) are not missed. */
const OVERLAP_MS = 60 * 60_000;

/** What is learned from a request's words: scrubbed of the people on it (and any other personal data). */
export function phrasingText(
  text: string,
  people: Array<{ displayName: string; email: string } | null>,
): string {
  const known = people.filter((p): p is { displayName: string; email: string } => p !== null);
  const scrubbed = scrubPersonalData(text.slice(0, LEARNING.maxChars * 2), {
    names: known.map((p) => p.displayName),
    emails: known.map((p) => p.email),
  }).text;
  return scrubbed.replace(/\s+/g, ' ').trim().slice(0, LEARNING.maxChars);
}

function since(db: Db, source: Phrasing['source'], now: Date): string {
  const last = lastLearnedAt(db, source);
  const oldest = now.getTime() - MAX_AGE_DAYS * 86_400_000;
  return new Date(Math.max(oldest, last ? Date.parse(last) - OVERLAP_MS : oldest)).toISOString();
}

/**
 * Learns the words of requests that an article solved since the last run: confirmed deflections
 * ("This solved my problem") and resolved tickets that linked the article. Idempotent; the start
 * process runs it at start and every few minutes. Returns how many phrasings were added.
 */
export function learnFromSolves(db: Db, now = new Date()): number {
  // The same requesters and agents come back across a batch: each is read once.
  const people = new Map<number, ReturnType<typeof getUserById>>();
  const person = (id: number | null) => {
    if (id === null) return null;
    if (!people.has(id)) people.set(id, getUserById(db, id));
    return people.get(id)!;
  };
  let added = 0;
  for (;;) {
    const requests = solvedRequestsSince(db, since(db, 'request', now), BATCH);
    const phrasings: Phrasing[] = requests.map((r) => ({
      slug: r.slug,
      source: 'request',
      sourceId: r.id,
      text: phrasingText(r.text, [person(r.userId)]),
      learnedAt: r.solvedAt,
    }));
    const tickets = resolvedArticleLinksSince(db, since(db, 'ticket', now), BATCH);
    for (const t of tickets)
      phrasings.push({
        slug: t.slug,
        source: 'ticket',
        sourceId: `T-${t.number}`,
        text: phrasingText(`${t.subject}\n${t.description}`, [person(t.requesterId), person(t.linkedBy)]),
        learnedAt: t.at,
      });
    const newly = learnPhrasings(db, phrasings);
    added += newly;
    // A full batch with nothing new means the overlap holds only known solves: done until more arrive.
    if ((requests.length < BATCH && tickets.length < BATCH) || newly === 0) return added;
  }
}
