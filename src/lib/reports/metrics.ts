import { sql, type Db } from '../db/db.ts';
import { POTENTIAL_DEFLECTION_WINDOW_MS } from '../deflection/requests.ts';
import { tokenize } from '../search/shape-query.ts';
import { STOP_WORDS_EN } from '../search/stop-words.ts';
import type { Period, Week } from './range.ts';

/**
 * The manager metrics, each defined once here, in the words of DESIGN.md. Every function takes a
 * period [from, to) in UTC instants; ratios are null when their denominator is zero (an empty period
 * is "no data", never 0 % or a division by zero).
 */

export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Median and 90th percentile (linear interpolation), in minutes. */
export function spread(minutes: number[]): { median: number | null; p90: number | null; count: number } {
  const sorted = [...minutes].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), count: sorted.length };
}

// ---------------------------------------------------------------- deflection

/**
 * The outcome of every request started in the period, per DESIGN.md: confirmed (clicked "solved"),
 * ticket (filed from the request, or by the same person within 24 h after it), potential (shown
 * suggestions, no ticket in the window), open (the window has not passed yet: counted nowhere), none
 * (no suggestion shown: not in the denominator). The window may reach past the period's end: a
 * ticket filed the next morning still turns a request of the last evening into a ticket.
 */
const OUTCOME_SQL = `CASE
  WHEN r.solved_slug IS NOT NULL THEN 'confirmed'
  WHEN r.ticket_id IS NOT NULL THEN 'ticket'
  WHEN r.shown = 0 THEN 'none'
  WHEN EXISTS (SELECT 1 FROM tickets t WHERE t.requester_id = r.user_id AND t.created_at >= r.started_at AND t.created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', r.started_at, '+${POTENTIAL_DEFLECTION_WINDOW_MS / 1000} seconds')) THEN 'ticket'
  WHEN r.started_at > :openAfter THEN 'open'
  ELSE 'potential' END`;

export type Outcomes = { requests: number; none: number; confirmed: number; potential: number; ticket: number; open: number };

export type DeflectionSummary = Outcomes & {
  /** Requests that were shown at least one suggestion and whose outcome is known. */
  denominator: number;
  /** (confirmed + potential) ÷ denominator. */
  rate: number | null;
  /** confirmed ÷ denominator, always shown beside the rate. */
  confirmedRate: number | null;
};

function summarize(o: Outcomes): DeflectionSummary {
  const denominator = o.confirmed + o.potential + o.ticket;
  return { ...o, denominator, rate: ratio(o.confirmed + o.potential, denominator), confirmedRate: ratio(o.confirmed, denominator) };
}

const emptyOutcomes = (): Outcomes => ({ requests: 0, none: 0, confirmed: 0, potential: 0, ticket: 0, open: 0 });

/** Deflection for the whole period and per week (weeks must lie inside the period). */
export function deflection(db: Db, period: Period, weeks: Week[], now: Date = new Date()): { total: DeflectionSummary; weekly: Array<{ week: string } & DeflectionSummary> } {
  const openAfter = new Date(now.getTime() - POTENTIAL_DEFLECTION_WINDOW_MS).toISOString();
  const rows = sql(db, `WITH weeks(label, start, finish) AS (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(:weeks))
    SELECT w.label AS week, ${OUTCOME_SQL} AS outcome, count(*) AS n
    FROM help_requests r JOIN weeks w ON r.started_at >= w.start AND r.started_at < w.finish
    WHERE r.started_at >= :from AND r.started_at < :to GROUP BY 1, 2`).all({ weeks: JSON.stringify(weeks.map((w) => [w.label, w.from, w.to])), from: period.from, to: period.to, openAfter }) as Array<{ week: string; outcome: keyof Outcomes; n: number }>;
  const total = emptyOutcomes();
  const byWeek = new Map(weeks.map((w) => [w.label, emptyOutcomes()]));
  for (const r of rows) {
    for (const o of [total, byWeek.get(r.week)!]) {
      o[r.outcome] += r.n;
      o.requests += r.n;
    }
  }
  return { total: summarize(total), weekly: weeks.map((w) => ({ week: w.label, ...summarize(byWeek.get(w.label)!) })) };
}

export type Funnel = { requests: number; shown: number; opened: number; solved: number; ticket: number };

/** Requests → shown suggestions → opened an article → solved → filed a ticket (from that request). */
export function funnel(db: Db, period: Period): Funnel {
  return sql(db, `SELECT count(*) AS requests, coalesce(sum(r.shown), 0) AS shown,
      coalesce(sum(EXISTS (SELECT 1 FROM help_request_events e WHERE e.request_id = r.id AND e.type = 'article_opened')), 0) AS opened,
      coalesce(sum(r.solved_slug IS NOT NULL), 0) AS solved, coalesce(sum(r.ticket_id IS NOT NULL), 0) AS ticket
    FROM help_requests r WHERE r.started_at >= ? AND r.started_at < ?`).get(period.from, period.to) as Funnel;
}

/** Zendesk's self-service score: distinct people who used the knowledge base ÷ distinct people who filed tickets. */
export function selfServiceScore(db: Db, period: Period): { kbUsers: number; ticketRequesters: number; score: number | null } {
  const kbUsers = sql(db, 'SELECT count(DISTINCT user_id) FROM help_requests WHERE started_at >= ? AND started_at < ?').pluck().get(period.from, period.to) as number;
  const ticketRequesters = sql(db, 'SELECT count(DISTINCT requester_id) FROM tickets WHERE created_at >= ? AND created_at < ?').pluck().get(period.from, period.to) as number;
  return { kbUsers, ticketRequesters, score: ratio(kbUsers, ticketRequesters) };
}

// ---------------------------------------------------------------- content gaps

/** How queries are grouped: case, punctuation and spacing do not make a different question. */
export function normalizeQuery(query: string): string {
  return tokenize(query).join(' ');
}

export type ContentGap = { query: string; requests: number; noResults: number; noClick: number; tickets: number[]; previous: number };

/**
 * Final queries of requests that found nothing, or found something nobody opened (nor clicked
 * "solved"), grouped by normalized query, most frequent first; with the tickets filed from them.
 */
export function contentGaps(db: Db, period: Period, previous: Period, limit = 50): ContentGap[] {
  const query = (p: Period) => sql(db, `SELECT r.final_query AS q, r.result_count = 0 AS zero, t.number AS ticket
    FROM help_requests r LEFT JOIN tickets t ON t.id = r.ticket_id
    WHERE r.started_at >= ? AND r.started_at < ? AND r.final_query <> '' AND r.solved_slug IS NULL
      AND (r.result_count = 0 OR NOT EXISTS (SELECT 1 FROM help_request_events e WHERE e.request_id = r.id AND e.type = 'article_opened'))`).all(p.from, p.to) as Array<{ q: string; zero: number; ticket: number | null }>;
  const groups = new Map<string, ContentGap>();
  for (const r of query(period)) {
    const key = normalizeQuery(r.q);
    if (!key) continue;
    const g = groups.get(key) ?? { query: key, requests: 0, noResults: 0, noClick: 0, tickets: [], previous: 0 };
    g.requests++;
    if (r.zero) g.noResults++;
    else g.noClick++;
    if (r.ticket !== null) g.tickets.push(r.ticket);
    groups.set(key, g);
  }
  const top = [...groups.values()].sort((a, b) => b.requests - a.requests || b.tickets.length - a.tickets.length || a.query.localeCompare(b.query)).slice(0, limit);
  const before = new Map<string, number>();
  for (const r of query(previous)) before.set(normalizeQuery(r.q), (before.get(normalizeQuery(r.q)) ?? 0) + 1);
  return top.map((g) => ({ ...g, previous: before.get(g.query) ?? 0 }));
}

// ---------------------------------------------------------------- article effectiveness

export type ArticleStats = { slug: string; suggested: number; opened: number; solved: number; ticketsAfterOpening: number; helpful: number; notHelpful: number; reuse: number };

/**
 * Per article, in the period: requests it was suggested in, opened from a suggestion, "solved" clicks,
 * tickets filed from a request in which it was opened, helpful / not helpful votes, links in resolutions.
 */
export function articleEffectiveness(db: Db, period: Period): Map<string, ArticleStats> {
  const stats = new Map<string, ArticleStats>();
  const get = (slug: string) => {
    let s = stats.get(slug);
    if (!s) stats.set(slug, (s = { slug, suggested: 0, opened: 0, solved: 0, ticketsAfterOpening: 0, helpful: 0, notHelpful: 0, reuse: 0 }));
    return s;
  };
  const events = sql(db, `SELECT e.slug, e.type, count(DISTINCT e.request_id) AS n, count(DISTINCT CASE WHEN e.type = 'article_opened' AND r.ticket_id IS NOT NULL THEN r.id END) AS tickets
    FROM help_request_events e JOIN help_requests r ON r.id = e.request_id
    WHERE e.at >= ? AND e.at < ? AND e.slug IS NOT NULL AND e.type IN ('suggestions_shown', 'article_opened', 'solved') GROUP BY e.slug, e.type`).all(period.from, period.to) as Array<{ slug: string; type: string; n: number; tickets: number }>;
  for (const e of events) {
    const s = get(e.slug);
    if (e.type === 'suggestions_shown') s.suggested = e.n;
    if (e.type === 'article_opened') {
      s.opened = e.n;
      s.ticketsAfterOpening = e.tickets;
    }
    if (e.type === 'solved') s.solved = e.n;
  }
  for (const f of sql(db, 'SELECT slug, sum(helpful) AS yes, sum(1 - helpful) AS no FROM article_feedback WHERE at >= ? AND at < ? GROUP BY slug').all(period.from, period.to) as Array<{ slug: string; yes: number; no: number }>) {
    Object.assign(get(f.slug), { helpful: f.yes, notHelpful: f.no });
  }
  for (const l of sql(db, 'SELECT slug, count(*) AS n FROM ticket_articles WHERE at >= ? AND at < ? GROUP BY slug').all(period.from, period.to) as Array<{ slug: string; n: number }>) get(l.slug).reuse = l.n;
  return stats;
}

// ---------------------------------------------------------------- queue health

type TicketRow = { id: number; priority: number; category: string | null; subject: string; created_at: string; first_responded_at: string | null; first_response_due_at: string | null; resolved_at: string | null; resolution_due_at: string | null; closed_at: string | null; paused_ms: number; status: string; rating: number | null; assignee_id: number | null; tier: number };

export type QueueHealth = {
  created: number;
  resolved: number;
  weekly: Array<{ week: string; created: number; resolved: number; backlog: number }>;
  /** Open (new, open, pending) at the end of the period. */
  backlog: number;
  firstResponse: ReturnType<typeof spread>;
  resolution: ReturnType<typeof spread>;
  sla: Array<{ priority: number; firstResponseMet: number; firstResponseTotal: number; resolutionMet: number; resolutionTotal: number; firstResponseRate: number | null; resolutionRate: number | null }>;
  reopens: number;
  resolutions: number;
  reopenRate: number | null;
  escalations: Array<{ fromTier: number; count: number }>;
  ratings: { count: number; average: number | null; distribution: number[] };
  workload: Array<{ agentId: number; name: string; open: number; resolved: number }>;
};

const minutesBetween = (a: string, b: string, pausedMs = 0) => (Date.parse(b) - Date.parse(a) - pausedMs) / 60_000;

/**
 * Created and resolved per week, backlog, first-response and resolution times (median, p90; resolution
 * time excludes time pending), SLA compliance per priority, reopen rate, escalations per tier,
 * satisfaction and workload per agent. Times are counted for tickets whose event falls in the period.
 */
export function queueHealth(db: Db, period: Period, weeks: Week[]): QueueHealth {
  // Every ticket that could matter: created before the end, and not closed before the start.
  const tickets = sql(db, `SELECT id, priority, category, subject, created_at, first_responded_at, first_response_due_at, resolved_at, resolution_due_at, closed_at, paused_ms, status, rating, assignee_id, tier
    FROM tickets WHERE created_at < ? AND (closed_at IS NULL OR closed_at >= ? OR resolved_at >= ?)`).all(period.to, period.from, period.from) as TicketRow[];
  const inPeriod = (at: string | null) => at !== null && at >= period.from && at < period.to;
  const openAt = (t: TicketRow, at: string) => t.created_at < at && !(t.resolved_at && t.resolved_at < at) && !(t.closed_at && t.closed_at < at);
  const created = tickets.filter((t) => inPeriod(t.created_at));
  const resolved = tickets.filter((t) => inPeriod(t.resolved_at));
  const sla = [1, 2, 3, 4].map((priority) => {
    const responded = tickets.filter((t) => t.priority === priority && inPeriod(t.first_responded_at) && t.first_response_due_at);
    const done = resolved.filter((t) => t.priority === priority && t.resolution_due_at);
    const firstResponseMet = responded.filter((t) => t.first_responded_at! <= t.first_response_due_at!).length;
    const resolutionMet = done.filter((t) => t.resolved_at! <= t.resolution_due_at!).length;
    return { priority, firstResponseMet, firstResponseTotal: responded.length, resolutionMet, resolutionTotal: done.length, firstResponseRate: ratio(firstResponseMet, responded.length), resolutionRate: ratio(resolutionMet, done.length) };
  });
  const statusEvents = sql(db, "SELECT from_value AS fromStatus, to_value AS toStatus, count(*) AS n FROM ticket_events WHERE type = 'status' AND at >= ? AND at < ? GROUP BY 1, 2").all(period.from, period.to) as Array<{ fromStatus: string; toStatus: string; n: number }>;
  const reopens = statusEvents.filter((e) => e.fromStatus === 'resolved' && e.toStatus === 'open').reduce((n, e) => n + e.n, 0);
  const resolutions = statusEvents.filter((e) => e.toStatus === 'resolved').reduce((n, e) => n + e.n, 0);
  const escalations = (sql(db, "SELECT CAST(from_value AS INTEGER) AS fromTier, count(*) AS count FROM ticket_events WHERE type = 'escalated' AND at >= ? AND at < ? GROUP BY 1 ORDER BY 1").all(period.from, period.to) as Array<{ fromTier: number; count: number }>);
  const rated = sql(db, "SELECT rating FROM tickets WHERE rating IS NOT NULL AND closed_at >= ? AND closed_at < ?").pluck().all(period.from, period.to) as number[];
  const distribution = [1, 2, 3, 4, 5].map((n) => rated.filter((r) => r === n).length);
  const resolvers = sql(db, "SELECT e.actor_id AS id, count(DISTINCT e.ticket_id) AS n FROM ticket_events e WHERE e.type = 'status' AND e.to_value = 'resolved' AND e.at >= ? AND e.at < ? AND e.actor_id IS NOT NULL GROUP BY 1").all(period.from, period.to) as Array<{ id: number; n: number }>;
  const agents = sql(db, "SELECT u.id, u.display_name AS name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'agent'").all() as Array<{ id: number; name: string }>;
  const workload = agents
    .map((a) => ({ agentId: a.id, name: a.name, open: tickets.filter((t) => t.assignee_id === a.id && openAt(t, period.to)).length, resolved: resolvers.find((r) => r.id === a.id)?.n ?? 0 }))
    .filter((a) => a.open + a.resolved > 0)
    .sort((a, b) => b.open + b.resolved - (a.open + a.resolved) || a.name.localeCompare(b.name));
  return {
    created: created.length,
    resolved: resolved.length,
    weekly: weeks.map((w) => ({
      week: w.label,
      created: created.filter((t) => t.created_at >= w.from && t.created_at < w.to).length,
      resolved: resolved.filter((t) => t.resolved_at! >= w.from && t.resolved_at! < w.to).length,
      backlog: tickets.filter((t) => openAt(t, w.to)).length,
    })),
    backlog: tickets.filter((t) => openAt(t, period.to)).length,
    firstResponse: spread(tickets.filter((t) => inPeriod(t.first_responded_at)).map((t) => minutesBetween(t.created_at, t.first_responded_at!))),
    resolution: spread(resolved.map((t) => minutesBetween(t.created_at, t.resolved_at!, t.paused_ms))),
    sla,
    reopens,
    resolutions,
    reopenRate: ratio(reopens, resolutions),
    escalations,
    ratings: { count: rated.length, average: rated.length ? rated.reduce((a, b) => a + b, 0) / rated.length : null, distribution },
    workload,
  };
}

// ---------------------------------------------------------------- recurring problems

export type Growth = { key: string; current: number; previous: number; growth: number | null };

const SUBJECT_NOISE = new Set([...STOP_WORDS_EN, 'not', 'working', 'problem', 'issue', 'error', 'cannot', 'cant', 'help', 'please', 'urgent', 'does', 'doesnt', 'wont', 'still', 'again']);

/**
 * Categories and subject words whose ticket count grew faster than usual: at least `minCount` tickets
 * and at least `factor` times the previous period (a new topic with no history counts as growing).
 */
export function recurringProblems(db: Db, period: Period, previous: Period, options: { minCount?: number; factor?: number } = {}): { categories: Growth[]; subjects: Growth[] } {
  const { minCount = 5, factor = 1.5 } = options;
  const load = (p: Period) => sql(db, 'SELECT category, subject FROM tickets WHERE created_at >= ? AND created_at < ?').all(p.from, p.to) as Array<{ category: string | null; subject: string }>;
  const count = (rows: Array<{ category: string | null; subject: string }>) => {
    const categories = new Map<string, number>();
    const words = new Map<string, number>();
    for (const r of rows) {
      categories.set(r.category ?? 'uncategorised', (categories.get(r.category ?? 'uncategorised') ?? 0) + 1);
      for (const w of new Set(tokenize(r.subject).filter((w) => w.length > 2 && !SUBJECT_NOISE.has(w) && !/^\d+$/.test(w)))) words.set(w, (words.get(w) ?? 0) + 1);
    }
    return { categories, words };
  };
  const now = count(load(period));
  const before = count(load(previous));
  const growing = (current: Map<string, number>, past: Map<string, number>) =>
    [...current.entries()]
      .map(([key, n]) => ({ key, current: n, previous: past.get(key) ?? 0, growth: ratio(n, past.get(key) ?? 0) }))
      .filter((g) => g.current >= minCount && (g.growth === null || g.growth >= factor))
      .sort((a, b) => b.current - b.previous - (a.current - a.previous) || a.key.localeCompare(b.key));
  return { categories: growing(now.categories, before.categories), subjects: growing(now.words, before.words).slice(0, 15) };
}
