import { randomBytes } from 'node:crypto';
import { sql, type Db } from '#lib/db/db.ts';
import { remember } from '#lib/config/remember.ts';
import {
  dropEntries,
  newWriteBehind,
  noteRefusedBatch,
  noteWrittenBatch,
  retryDelayMs,
  type WriteBehind,
} from './write-behind.ts';

/** Help-request ids come from the page; anything else in that parameter is ignored. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
export const isRequestId = (v: unknown): v is string => typeof v === 'string' && REQUEST_ID_PATTERN.test(v);

/** Random bytes in a request id: 16, written as 22 base64url characters. */
export const REQUEST_ID_BYTES = 16;

export function newRequestId(): string {
  return randomBytes(REQUEST_ID_BYTES).toString('base64url');
}

const nowIso = () => new Date().toISOString();

type Shown = { requestId: string; userId: number; query: string; draft: string; slugs: string[]; at: string };

// Suggestion answers are recorded in batches: writing on every keystroke's request would put a
// transaction on the suggestion path. At most FLUSH_MS of them are lost if the process is killed.
// A batch the database refuses (a full disk) is kept and tried again (see write-behind.ts): recording
// never fails a suggestion, and at most MAX_PENDING_SHOWN answers (and MAX_PENDING_CHARS of their
// text: a draft can be 22,000 characters) wait in memory.
const FLUSH_MS = 100;
export const MAX_PENDING_SHOWN = 5000;
export const MAX_PENDING_CHARS = 8_000_000;
type ShownQueue = WriteBehind & { pending: Array<{ db: Db; item: Shown }> };
const queue = remember<ShownQueue>('deflection.queue', () => ({ ...newWriteBehind(), pending: [] }));
const WHAT = 'suggestion answers';

/** Requests whose first answer this process has written or queued (the newest, a bounded number). */
const started = remember('deflection.startedRequests', () => new Set<string>());
const MAX_STARTED = 20_000;

/**
 * Notes that suggestions were shown for a request (the request row is created on its first answer).
 * A request's first answer in this process is written at once, before the page gets it: the employee
 * may open a suggested article right away, on another web worker, whose page must find the request
 * to ask "Did this solve your problem?". Later answers wait for the batch, and so does a first one the
 * database refuses (a full disk), to be kept and tried again with it.
 */
export function recordSuggestionsShown(db: Db, shown: Omit<Shown, 'at'>): void {
  const item = { ...shown, at: nowIso() };
  if (!started.has(shown.requestId) && !db.inTransaction) {
    started.add(shown.requestId);
    if (started.size > MAX_STARTED) started.delete(started.values().next().value!);
    try {
      writeShown(db, [item]);
      return;
    } catch {
      // Queued below: the batch keeps it, tries it again, and counts what it has to drop.
    }
  }
  queue.pending.push({ db, item });
  trimBacklog();
  scheduleFlush(FLUSH_MS);
}

/** Beyond the limits the oldest answers go (counted): memory stays bounded however long the disk is full. */
function trimBacklog(): void {
  let kept = 0;
  let chars = 0;
  for (let i = queue.pending.length - 1; i >= 0 && kept < MAX_PENDING_SHOWN; i--) {
    chars += queue.pending[i]!.item.draft.length;
    if (chars > MAX_PENDING_CHARS) break;
    kept++;
  }
  const excess = queue.pending.length - kept;
  if (excess <= 0) return;
  dropEntries(queue, excess, WHAT);
  queue.pending.splice(0, excess);
}

function scheduleFlush(ms: number): void {
  queue.timer ??= setTimeout(() => flushDeflectionEvents(), ms).unref();
}

/** Suggestion answers waiting in memory, and those dropped since the process started. */
export function deflectionBacklog(): { pending: number; dropped: number } {
  return { pending: queue.pending.length, dropped: queue.dropped };
}

/**
 * Writes every queued suggestion answer in one transaction per database. Never throws for a refused
 * batch (it is kept for the next attempt), except inside a caller's transaction, which must fail whole.
 */
export function flushDeflectionEvents(): void {
  if (queue.timer) clearTimeout(queue.timer);
  queue.timer = null;
  const batch = queue.pending.splice(0);
  const byDb = Map.groupBy(batch, (entry) => entry.db);
  const kept: ShownQueue['pending'] = [];
  let refusal: unknown = null;
  for (const [db, entries] of byDb) {
    if (!db.open) continue;
    const nested = db.inTransaction;
    try {
      writeShown(
        db,
        entries.map((e) => e.item),
      );
      noteWrittenBatch(queue, WHAT);
    } catch (error) {
      if (noteRefusedBatch(queue, WHAT, entries.length, error)) kept.push(...entries);
      if (nested) refusal = error;
    }
  }
  if (kept.length > 0) {
    // Older than anything queued meanwhile: they go first, and are the first dropped when there is no room.
    queue.pending.unshift(...kept);
    trimBacklog();
    scheduleFlush(retryDelayMs(queue.failures));
  }
  if (refusal) throw refusal;
}

function writeShown(db: Db, items: Shown[]): void {
  db.transaction(() => {
    for (const s of byRequest(items)) {
      // Only the person who started a request may add to it; another user's id is silently ignored.
      const owner = sql(db, 'SELECT user_id FROM help_requests WHERE id = ?').pluck().get(s.requestId) as
        number | undefined;
      if (owner !== undefined && owner !== s.userId) continue;
      sql(
        db,
        `INSERT INTO help_requests (id, user_id, started_at, updated_at, draft, final_query, result_count, shown)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, draft = excluded.draft, final_query = excluded.final_query,
                 result_count = excluded.result_count, shown = max(shown, excluded.shown)`,
      ).run(
        s.requestId,
        s.userId,
        s.firstAt,
        s.last.at,
        s.last.draft.slice(0, 22_000),
        s.last.query.slice(0, 500),
        s.last.slugs.length,
        s.shown ? 1 : 0,
      );
      for (const [slug, first] of s.slugs) recordShownSlug(db, s.requestId, slug, first);
    }
  })();
}

type RequestAnswers = {
  requestId: string;
  userId: number;
  firstAt: string;
  last: Shown;
  shown: boolean;
  /** Each article shown: when and for which query first, and its best rank. */
  slugs: Map<string, { at: string; query: string; rank: number }>;
};

/**
 * A batch's answers, one entry per request and person, in the order they came: someone typing fast
 * sends several answers' worth within one batch, and what they leave in the tables is the last
 * answer's text and, per article, its first showing at its best rank. Written answer by answer,
 * the same rows were read and rewritten for each (about 6 % of a web worker's time typed flat out
 * on 10,000 articles).
 */
function byRequest(items: Shown[]): RequestAnswers[] {
  const groups = new Map<string, RequestAnswers>();
  for (const item of items) {
    const key = `${item.requestId} ${item.userId}`;
    const group = groups.get(key) ?? {
      requestId: item.requestId,
      userId: item.userId,
      firstAt: item.at,
      last: item,
      shown: false,
      slugs: new Map(),
    };
    groups.set(key, group);
    group.last = item;
    group.shown ||= item.slugs.length > 0;
    item.slugs.forEach((slug, i) => {
      const first = group.slugs.get(slug);
      if (!first) group.slugs.set(slug, { at: item.at, query: item.query, rank: i + 1 });
      else first.rank = Math.min(first.rank, i + 1);
    });
  }
  return [...groups.values()];
}

/**
 * The row of an article already shown in a request, looked up for every article of every answer: it
 * must read that request's rows only, not every time the article was ever shown (requests.test.ts asks
 * SQLite how it runs it).
 */
export const SHOWN_IN_REQUEST =
  "SELECT id, rank FROM help_request_events WHERE request_id = ? AND type = 'suggestions_shown' AND slug = ?";

function recordShownSlug(
  db: Db,
  requestId: string,
  slug: string,
  shown: { at: string; query: string; rank: number },
): void {
  const existing = sql(db, SHOWN_IN_REQUEST).get(requestId, slug) as { id: number; rank: number } | undefined;
  if (!existing)
    sql(
      db,
      "INSERT INTO help_request_events (request_id, at, type, slug, rank, query) VALUES (?, ?, 'suggestions_shown', ?, ?, ?)",
    ).run(requestId, shown.at, slug, shown.rank, shown.query.slice(0, 500));
  else if (shown.rank < existing.rank)
    sql(db, 'UPDATE help_request_events SET rank = ? WHERE id = ?').run(shown.rank, existing.id);
}

export type HelpRequest = {
  id: string;
  userId: number;
  startedAt: string;
  draft: string;
  finalQuery: string;
  resultCount: number;
  shown: boolean;
  solvedSlug: string | null;
  ticketId: number | null;
};

/** The request if it belongs to this user, else null. */
export function getHelpRequest(db: Db, id: string, userId: number): HelpRequest | null {
  if (!isRequestId(id)) return null;
  flushDeflectionEvents();
  const row = sql(db, 'SELECT * FROM help_requests WHERE id = ? AND user_id = ?').get(id, userId) as
    | {
        id: string;
        user_id: number;
        started_at: string;
        draft: string;
        final_query: string;
        result_count: number;
        shown: number;
        solved_slug: string | null;
        ticket_id: number | null;
      }
    | undefined;
  return row
    ? {
        id: row.id,
        userId: row.user_id,
        startedAt: row.started_at,
        draft: row.draft,
        finalQuery: row.final_query,
        resultCount: row.result_count,
        shown: row.shown === 1,
        solvedSlug: row.solved_slug,
        ticketId: row.ticket_id,
      }
    : null;
}

/**
 * A help request that arrived by mail (channel `mail`), with the articles its acknowledgement lists
 * (best first): written at once, in the caller's transaction (the ticket it files follows there).
 */
export function recordMailRequest(
  db: Db,
  r: { userId: number; text: string; query: string; slugs: string[]; at?: string },
): string {
  const id = newRequestId();
  const at = r.at ?? nowIso();
  sql(
    db,
    `INSERT INTO help_requests (id, user_id, started_at, updated_at, draft, final_query, result_count, shown, channel)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'mail')`,
  ).run(
    id,
    r.userId,
    at,
    at,
    r.text.slice(0, 22_000),
    r.query.slice(0, 500),
    r.slugs.length,
    r.slugs.length > 0 ? 1 : 0,
  );
  r.slugs.forEach((slug, i) =>
    sql(
      db,
      "INSERT INTO help_request_events (request_id, at, type, slug, rank, query) VALUES (?, ?, 'suggestions_shown', ?, ?, ?)",
    ).run(id, at, slug, i + 1, r.query.slice(0, 500)),
  );
  return id;
}

/** An article opened from a request's suggestions. */
export function recordArticleOpened(db: Db, requestId: string, userId: number, slug: string): boolean {
  if (!getHelpRequest(db, requestId, userId)) return false;
  sql(
    db,
    "INSERT INTO help_request_events (request_id, at, type, slug) VALUES (?, ?, 'article_opened', ?)",
  ).run(requestId, nowIso(), slug);
  return true;
}

/** "This solved my problem" (a confirmed deflection) or "No" (back to the request). */
export function recordOutcome(
  db: Db,
  requestId: string,
  userId: number,
  slug: string,
  solved: boolean,
): boolean {
  if (!getHelpRequest(db, requestId, userId)) return false;
  const at = nowIso();
  db.transaction(() => {
    sql(db, 'INSERT INTO help_request_events (request_id, at, type, slug) VALUES (?, ?, ?, ?)').run(
      requestId,
      at,
      solved ? 'solved' : 'not_solved',
      slug,
    );
    if (solved)
      sql(db, 'UPDATE help_requests SET solved_slug = ?, solved_at = ? WHERE id = ?').run(
        slug,
        at,
        requestId,
      );
  })();
  return true;
}

/**
 * "I'm affected too" said from this help request of theirs: the request came to the incident (its
 * channel is 'incident') and is a deflection of that kind. The first incident named stays. False when
 * the request is not theirs (or does not exist yet).
 */
export function recordAffected(
  db: Db,
  requestId: string,
  userId: number,
  incidentId: number,
  now = new Date(),
): boolean {
  if (!getHelpRequest(db, requestId, userId)) return false;
  sql(
    db,
    "UPDATE help_requests SET incident_id = coalesce(incident_id, ?), channel = 'incident', updated_at = ? WHERE id = ?",
  ).run(incidentId, now.toISOString(), requestId);
  return true;
}

/** An article the employee saw in a help request: its best rank, and whether they opened or rejected it. */
export type TriedArticle = { slug: string; bestRank: number | null; opened: boolean; rejected: boolean };

type TriedRow = { slug: string; bestRank: number | null; opened: number; rejected: number };
const toTried = (r: TriedRow): TriedArticle => ({
  slug: r.slug,
  bestRank: r.bestRank,
  opened: r.opened === 1,
  rejected: r.rejected === 1,
});

export function triedArticles(db: Db, requestId: string): TriedArticle[] {
  flushDeflectionEvents();
  const rows = sql(
    db,
    `SELECT slug,
      min(CASE WHEN type = 'suggestions_shown' THEN rank END) AS best_rank,
      max(type = 'article_opened') AS opened,
      max(type = 'not_solved') AS rejected
    FROM help_request_events WHERE request_id = ? AND slug IS NOT NULL GROUP BY slug ORDER BY best_rank IS NULL, best_rank`,
  ).all(requestId) as Array<{ slug: string; best_rank: number | null; opened: number; rejected: number }>;
  return rows.map((r) => ({
    slug: r.slug,
    bestRank: r.best_rank,
    opened: r.opened === 1,
    rejected: r.rejected === 1,
  }));
}

/**
 * A ticket was filed from this help request (in the caller's transaction): the request is linked to it,
 * its timeline says so, and the ticket keeps what the employee had tried.
 */
export function recordTicketFiled(db: Db, filed: { requestId: string; ticketId: number; at: string }): void {
  const keep = sql(
    db,
    'INSERT INTO ticket_tried_articles (ticket_id, slug, best_rank, opened, rejected) VALUES (?, ?, ?, ?, ?)',
  );
  for (const a of triedArticles(db, filed.requestId))
    keep.run(filed.ticketId, a.slug, a.bestRank, a.opened ? 1 : 0, a.rejected ? 1 : 0);
  sql(db, "INSERT INTO help_request_events (request_id, at, type) VALUES (?, ?, 'ticket_filed')").run(
    filed.requestId,
    filed.at,
  );
  sql(db, 'UPDATE help_requests SET ticket_id = ? WHERE id = ?').run(filed.ticketId, filed.requestId);
}

/**
 * Articles the person answered "No" to ("did not solve it") in this help request of theirs: they are
 * not suggested again within it. Read straight from the table (the answers are written at once, not batched).
 */
export function rejectedInRequest(db: Db, requestId: string, userId: number): Set<string> {
  const rows = sql(
    db,
    `SELECT DISTINCT e.slug FROM help_request_events e JOIN help_requests r ON r.id = e.request_id
      WHERE e.request_id = ? AND r.user_id = ? AND e.type = 'not_solved' AND e.slug IS NOT NULL`,
  )
    .pluck()
    .all(requestId, userId) as string[];
  return new Set(rows);
}

/** What the requester had tried before filing this ticket, best-ranked first. */
export function ticketTriedArticles(db: Db, ticketId: number): TriedArticle[] {
  const query =
    'SELECT slug, best_rank AS bestRank, opened, rejected FROM ticket_tried_articles WHERE ticket_id = ? ORDER BY best_rank IS NULL, best_rank';
  return (sql(db, query).all(ticketId) as TriedRow[]).map(toTried);
}

export const POTENTIAL_DEFLECTION_WINDOW_MS = 24 * 3_600_000;

export type Outcome = 'confirmed' | 'ticket' | 'affected' | 'potential' | 'open' | 'no-suggestions';

/**
 * The outcome of a request, per DESIGN.md: confirmed ("solved it"), ticket (filed from this request),
 * affected ("I'm affected too" on an open major incident from this request: a deflection of its own
 * kind, said by the person like "solved it", so no window applies; decision 052), potential
 * (suggestions shown and no ticket by the same person within the window), open (the window
 * has not passed yet), or no-suggestions (nothing was shown: not counted in the deflection rate).
 * `otherTicketAt` is the same person's first ticket at or after the request's start, if any.
 *
 * The reports do not call this: they read the rollups that migration 0008's triggers keep. This is
 * the oracle those triggers are checked against (outcome-oracle.test.ts, on a generated history);
 * a change to the definition changes both, with a new migration for the triggers.
 */
export function classifyRequest(
  r: {
    startedAt: string;
    shown: boolean;
    solved: boolean;
    ticketFromRequest: boolean;
    /** The person said "I'm affected too" from this request. */
    affected?: boolean;
    otherTicketAt: string | null;
  },
  now: Date = new Date(),
): Outcome {
  if (r.solved) return 'confirmed';
  if (r.ticketFromRequest) return 'ticket';
  if (r.affected) return 'affected';
  if (!r.shown) return 'no-suggestions';
  const started = Date.parse(r.startedAt);
  const windowEnd = started + POTENTIAL_DEFLECTION_WINDOW_MS;
  if (r.otherTicketAt && Date.parse(r.otherTicketAt) >= started && Date.parse(r.otherTicketAt) <= windowEnd)
    return 'ticket';
  return now.getTime() >= windowEnd ? 'potential' : 'open';
}

/** A request the employee marked solved by an article: what they typed, and when they confirmed it. */
export type SolvedRequest = { id: string; userId: number; slug: string; text: string; solvedAt: string };

/** Requests confirmed solved at or after `since` (ISO), oldest first, at most `limit`. */
export function solvedRequestsSince(db: Db, since: string, limit: number): SolvedRequest[] {
  return sql(
    db,
    `SELECT id, user_id AS userId, solved_slug AS slug, CASE WHEN draft <> '' THEN draft ELSE final_query END AS text,
            solved_at AS solvedAt
       FROM help_requests WHERE solved_slug IS NOT NULL AND solved_at >= ? ORDER BY solved_at LIMIT ?`,
  ).all(since, limit) as SolvedRequest[];
}
