import { sql, type Db } from '#lib/db/db.ts';
import { isRequestId, REQUEST_ID_BYTES } from './requests.ts';

/** What an employee did after the suggestions, as help_request_events records it. */
export type HistoricRequestStep = {
  at: string;
  type: 'article_opened' | 'solved' | 'not_solved';
  slug: string;
};

/** A finished help request of a generated history, written as the /help page would have left it. */
export type HistoricHelpRequest = {
  id: string;
  userId: number;
  startedAt: string;
  /** When the suggestions for the final query were answered (also when nothing was found). */
  answeredAt: string;
  draft: string;
  finalQuery: string;
  /** Suggested slugs, best first; empty when the search found nothing. */
  suggested: readonly string[];
  /** In time order; a "solved" step makes the request a confirmed deflection. */
  steps: readonly HistoricRequestStep[];
  /** The ticket filed from this request, if any. */
  ticket: { id: number; filedAt: string } | null;
};

/** A help-request id in the page's format, drawn from a seeded generator (`random` gives 0 ≤ x < 1). */
export function seededRequestId(random: () => number): string {
  const bytes = new Uint8Array(REQUEST_ID_BYTES);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  return Buffer.from(bytes).toString('base64url');
}

/**
 * Writes past help requests with their events (suggestions shown, steps, ticket filed) and returns the
 * number of events. Runs inside the caller's transaction; the report rollups are the caller's to
 * rebuild (see withRollupTriggersSuspended).
 */
export function importHelpRequests(db: Db, requests: Iterable<HistoricHelpRequest>): { events: number } {
  const insertRequest = sql(
    db,
    `INSERT INTO help_requests (id, user_id, started_at, updated_at, draft, final_query, result_count, shown, solved_slug, solved_at, ticket_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = sql(
    db,
    'INSERT INTO help_request_events (request_id, at, type, slug, rank, query) VALUES (?, ?, ?, ?, ?, ?)',
  );
  let events = 0;
  for (const r of requests) {
    if (!isRequestId(r.id)) throw new Error(`Not a help-request id: ${r.id}`);
    let updatedAt = r.ticket && r.ticket.filedAt > r.answeredAt ? r.ticket.filedAt : r.answeredAt;
    let solved: HistoricRequestStep | null = null;
    for (const step of r.steps) {
      if (step.at > updatedAt) updatedAt = step.at;
      if (step.type === 'solved') solved = step;
    }
    const count = r.suggested.length;
    insertRequest.run(
      r.id,
      r.userId,
      r.startedAt,
      updatedAt,
      r.draft,
      r.finalQuery,
      count,
      count > 0 ? 1 : 0,
      solved?.slug ?? null,
      solved?.at ?? null,
      r.ticket?.id ?? null,
    );
    for (let i = 0; i < count; i++)
      insertEvent.run(r.id, r.answeredAt, 'suggestions_shown', r.suggested[i], i + 1, r.finalQuery);
    for (const step of r.steps) insertEvent.run(r.id, step.at, step.type, step.slug, null, null);
    if (r.ticket) insertEvent.run(r.id, r.ticket.filedAt, 'ticket_filed', null, null, null);
    events += count + r.steps.length + (r.ticket ? 1 : 0);
  }
  return { events };
}

/** One "was this helpful?" vote; the latest per person and article counts, as on the article page. */
export type HistoricVote = {
  slug: string;
  userId: number;
  helpful: boolean;
  comment: string | null;
  at: string;
};

/** Writes past votes, keeping one per person and article (the last one given). */
export function importArticleFeedback(db: Db, votes: Iterable<HistoricVote>): void {
  const latest = new Map<string, HistoricVote>();
  for (const v of votes) latest.set(`${v.slug}\n${v.userId}`, v);
  const insert = sql(
    db,
    'INSERT INTO article_feedback (slug, user_id, helpful, comment, at) VALUES (?, ?, ?, ?, ?)',
  );
  for (const v of latest.values()) insert.run(v.slug, v.userId, v.helpful ? 1 : 0, v.comment, v.at);
}

/** Adds past article views, counted per article and UTC day (YYYY-MM-DD) like recordArticleView. */
export function importArticleViews(
  db: Db,
  views: Iterable<{ slug: string; day: string; views: number }>,
): void {
  const add = sql(
    db,
    'INSERT INTO article_views (slug, day, views) VALUES (?, ?, ?) ON CONFLICT (slug, day) DO UPDATE SET views = views + excluded.views',
  );
  for (const v of views) add.run(v.slug, v.day, v.views);
}
