import { sql, type Db } from '#lib/db/db.ts';
import { REQUEST_CHANNELS, type RequestChannel } from '#lib/deflection/channels.ts';
import { POTENTIAL_DEFLECTION_WINDOW_MS } from '#lib/deflection/requests.ts';
import { tokenize } from '#lib/text/tokenize.ts';
import { STOP_WORDS_EN } from '#lib/text/stop-words.ts';
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
  const sorted = Array.from(Float64Array.from(minutes).sort()); // numeric sort without a comparator: 10× faster on 20,000 values
  return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), count: sorted.length };
}

// ---------------------------------------------------------------- deflection

/*
 * Outcomes, per DESIGN.md: confirmed (clicked "solved"), ticket (filed from the request, or by the same
 * person within 24 h after it: the window may reach past the period's end), potential (shown
 * suggestions, no ticket in the window), open (the window has not passed yet: counted nowhere), none
 * (no suggestion shown: not in the denominator). The triggers of migration 0008 classify each request
 * as it changes; only "open" versus "potential" is decided here, against the clock.
 */

/** A SQL expression giving the index of the week a timestamp column falls in (weeks are contiguous and sorted). */
function weekIndexSql(column: string, weeks: Week[]): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const branches = weeks.map((w, i) => {
    params[`w${i}`] = w.to;
    return `WHEN ${column} < :w${i} THEN ${i}`;
  });
  return { sql: `CASE ${branches.join(' ')} END`, params };
}

export type Outcomes = {
  requests: number;
  none: number;
  confirmed: number;
  potential: number;
  ticket: number;
  /** Said "I'm affected too" on a major incident from the request (migration 0066): a deflection of its own kind. */
  affected: number;
  open: number;
};

export type DeflectionSummary = Outcomes & {
  /** Requests that were shown at least one suggestion and whose outcome is known. */
  denominator: number;
  /** (confirmed + potential) ÷ denominator: never shown without saying it is both parts together. */
  rate: number | null;
  /** confirmed ÷ denominator, always shown beside the rate. */
  confirmedRate: number | null;
  /** potential ÷ denominator: "likely" deflection, inferred from the absence of a ticket. */
  likelyRate: number | null;
  /** affected ÷ denominator: requests that joined a major incident instead of filing a ticket. */
  affectedRate: number | null;
};

function summarize(o: Outcomes): DeflectionSummary {
  const denominator = o.confirmed + o.potential + o.ticket + o.affected;
  return {
    ...o,
    denominator,
    rate: ratio(o.confirmed + o.potential, denominator),
    confirmedRate: ratio(o.confirmed, denominator),
    likelyRate: ratio(o.potential, denominator),
    affectedRate: ratio(o.affected, denominator),
  };
}

/** The still-open requests (shown suggestions, younger than the window, nothing decided yet), grouped by `groupSql`. */
function openRequests(
  db: Db,
  groupSql: string,
  period: Period,
  now: Date,
  params: Record<string, string> = {},
): Array<{ key: number | string | null; n: number }> {
  const openAfter = new Date(now.getTime() - POTENTIAL_DEFLECTION_WINDOW_MS).toISOString();
  return sql(
    db,
    `SELECT ${groupSql} AS key, count(*) AS n FROM help_requests
    WHERE started_at > :openAfter AND started_at >= :from AND started_at < :to AND shown = 1 AND solved_slug IS NULL AND ticket_id IS NULL AND incident_id IS NULL AND next_ticket_at IS NULL GROUP BY 1`,
  ).all({ ...params, from: period.from, to: period.to, openAfter }) as Array<{
    key: number | string | null;
    n: number;
  }>;
}

const emptyOutcomes = (): Outcomes => ({
  requests: 0,
  none: 0,
  confirmed: 0,
  potential: 0,
  ticket: 0,
  affected: 0,
  open: 0,
});

const hourOf = (iso: string) => iso.slice(0, 13);

/** What every weekly row carries: its label (first day), its days inside the period, and whether it is partial. */
export type WeekFlags = { week: string; days: number; partial: boolean };
const weekFlags = (w: Week): WeekFlags => ({ week: w.label, days: w.days, partial: w.partial });
const addUtcDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Deflection for the whole period and per week (weeks must lie inside the period). Read from the
 * hourly rollup (migration 0008), except "open", which depends on the clock and is counted from the
 * rows of the last 24 hours. Periods are cut at whole UTC hours: exact for whole-hour time zones.
 */
export function deflection(
  db: Db,
  period: Period,
  weeks: Week[],
  now: Date = new Date(),
): { total: DeflectionSummary; weekly: Array<WeekFlags & DeflectionSummary> } {
  const byHour = weekIndexSql(
    'hour',
    weeks.map((w) => ({ ...w, to: hourOf(w.to) })),
  );
  const rolled = sql(
    db,
    `SELECT ${byHour.sql} AS week, sum(requests) AS requests, sum(confirmed) AS confirmed, sum(ticket) AS ticket, sum(none) AS none, sum(candidate) AS candidate,
      sum(affected) AS affected
    FROM request_hourly WHERE hour >= :from AND hour < :to GROUP BY 1`,
  ).all({ ...byHour.params, from: hourOf(period.from), to: hourOf(period.to) }) as Array<{
    week: number | null;
    requests: number;
    confirmed: number;
    ticket: number;
    none: number;
    candidate: number;
    affected: number;
  }>;
  const byStart = weekIndexSql('started_at', weeks);
  const open = openRequests(db, byStart.sql, period, now, byStart.params).map((r) => ({
    week: r.key as number | null,
    n: r.n,
  }));
  const total = emptyOutcomes();
  const perWeek = weeks.map(() => emptyOutcomes());
  for (const r of rolled) {
    for (const o of r.week === null ? [total] : [total, perWeek[r.week]!]) {
      o.requests += r.requests;
      o.confirmed += r.confirmed;
      o.ticket += r.ticket;
      o.none += r.none;
      o.affected += r.affected;
      o.potential += r.candidate;
    }
  }
  for (const r of open) {
    for (const o of r.week === null ? [total] : [total, perWeek[r.week]!]) {
      o.open += r.n;
      o.potential -= r.n;
    }
  }
  return {
    total: summarize(total),
    weekly: weeks.map((w, i) => ({ ...weekFlags(w), ...summarize(perWeek[i]!) })),
  };
}

export type ChannelDeflection = { channel: RequestChannel } & DeflectionSummary;

/**
 * Deflection per channel (web, mail, incident), one row per channel even when it has no requests yet;
 * read from the rollup of migration 0050, "open" from the last 24 hours' rows as in deflection().
 */
export function deflectionByChannel(db: Db, period: Period, now: Date = new Date()): ChannelDeflection[] {
  const rolled = sql(
    db,
    `SELECT channel, sum(requests) AS requests, sum(confirmed) AS confirmed, sum(ticket) AS ticket, sum(none) AS none, sum(candidate) AS candidate,
      sum(affected) AS affected
    FROM request_channel_hourly WHERE hour >= ? AND hour < ? GROUP BY channel`,
  ).all(hourOf(period.from), hourOf(period.to)) as Array<{
    channel: string;
    requests: number;
    confirmed: number;
    ticket: number;
    none: number;
    candidate: number;
    affected: number;
  }>;
  const open = openRequests(db, 'channel', period, now);
  return REQUEST_CHANNELS.map((channel) => {
    const r = rolled.find((x) => x.channel === channel);
    const n = open.find((x) => x.key === channel)?.n ?? 0;
    return {
      channel,
      ...summarize({
        requests: r?.requests ?? 0,
        none: r?.none ?? 0,
        confirmed: r?.confirmed ?? 0,
        ticket: r?.ticket ?? 0,
        affected: r?.affected ?? 0,
        potential: (r?.candidate ?? 0) - n,
        open: n,
      }),
    };
  });
}

export type Funnel = { requests: number; shown: number; opened: number; solved: number; ticket: number };

/** Requests → shown suggestions → opened an article → solved → filed a ticket (from that request). */
export function funnel(db: Db, period: Period): Funnel {
  return sql(
    db,
    `SELECT coalesce(sum(requests), 0) AS requests, coalesce(sum(shown), 0) AS shown, coalesce(sum(opened), 0) AS opened, coalesce(sum(solved), 0) AS solved, coalesce(sum(from_request), 0) AS ticket
    FROM request_hourly WHERE hour >= ? AND hour < ?`,
  ).get(hourOf(period.from), hourOf(period.to)) as Funnel;
}

/** A `count(*)` query whose two parameters are the period's start and end. */
const countInPeriod = (db: Db, query: string, period: Period): number =>
  sql(db, query).pluck().get(period.from, period.to) as number;

/** Zendesk's self-service score: distinct people who used the knowledge base ÷ distinct people who filed tickets. */
export function selfServiceScore(
  db: Db,
  period: Period,
): { kbUsers: number; ticketRequesters: number; score: number | null } {
  // Per person, one index seek: far cheaper than a DISTINCT over every request of the period.
  const kbUsers = countInPeriod(
    db,
    'SELECT count(*) FROM users u WHERE EXISTS (SELECT 1 FROM help_requests r WHERE r.user_id = u.id AND r.started_at >= ? AND r.started_at < ?)',
    period,
  );
  const ticketRequesters = countInPeriod(
    db,
    'SELECT count(*) FROM users u WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.requester_id = u.id AND t.created_at >= ? AND t.created_at < ?)',
    period,
  );
  return { kbUsers, ticketRequesters, score: ratio(kbUsers, ticketRequesters) };
}

// ---------------------------------------------------------------- content gaps

/** How queries are grouped: case, punctuation and spacing do not make a different question. */
export function normalizeQuery(query: string): string {
  return memoized(normalizedQueries, query, () => tokenize(query).join(' '));
}

// The same queries and subjects come back on every page view: tokenize each once per process.
const normalizedQueries = new Map<string, string>();
const subjectWords = new Map<string, string[]>();
function memoized<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= 100_000) cache.clear();
    cache.set(key, (value = compute()));
  }
  return value;
}

export type ContentGap = {
  query: string;
  requests: number;
  noResults: number;
  noClick: number;
  tickets: number[];
  previous: number;
};

/**
 * Final queries of requests that found nothing, or found something nobody opened (nor clicked
 * "solved"), grouped by normalized query, most frequent first; with the tickets filed from them.
 */
export function contentGaps(db: Db, period: Period, previous: Period, limit = 50): ContentGap[] {
  // One scan over both periods (the partial index help_requests_gaps holds only candidate rows),
  // grouped by the text in SQL first, then by normalized words here.
  const rows = sql(
    db,
    `SELECT r.final_query AS q, sum(r.started_at >= :from) AS n, sum(r.started_at >= :from AND r.result_count = 0) AS zero,
      group_concat(CASE WHEN r.started_at >= :from THEN t.number END) AS tickets, sum(r.started_at >= :previousFrom AND r.started_at < :previousTo) AS previous
    FROM help_requests r LEFT JOIN tickets t ON t.id = r.ticket_id
    WHERE r.started_at >= min(:previousFrom, :from) AND r.started_at < :to
      AND r.final_query <> '' AND r.solved_slug IS NULL AND (r.result_count = 0 OR r.opened = 0)
    GROUP BY r.final_query`,
  ).all({ from: period.from, to: period.to, previousFrom: previous.from, previousTo: previous.to }) as Array<{
    q: string;
    n: number;
    zero: number;
    tickets: string | null;
    previous: number;
  }>;
  const groups = new Map<string, ContentGap>();
  for (const r of rows) {
    const key = normalizeQuery(r.q);
    if (!key) continue;
    const g = groups.get(key) ?? {
      query: key,
      requests: 0,
      noResults: 0,
      noClick: 0,
      tickets: [],
      previous: 0,
    };
    g.requests += r.n;
    g.noResults += r.zero;
    g.noClick += r.n - r.zero;
    g.previous += r.previous;
    if (r.tickets) g.tickets.push(...r.tickets.split(',').map(Number));
    groups.set(key, g);
  }
  return [...groups.values()]
    .filter((g) => g.requests > 0)
    .sort(
      (a, b) =>
        b.requests - a.requests || b.tickets.length - a.tickets.length || a.query.localeCompare(b.query),
    )
    .slice(0, limit)
    .map((g) => ({ ...g, tickets: g.tickets.sort((a, b) => a - b) }));
}

// ---------------------------------------------------------------- article effectiveness

export type ArticleStats = {
  slug: string;
  suggested: number;
  opened: number;
  solved: number;
  ticketsAfterOpening: number;
  helpful: number;
  notHelpful: number;
  reuse: number;
};

/**
 * Per article, in the period: requests it was suggested in, times opened from a suggestion, "solved"
 * clicks, tickets filed from a request in which it was opened, helpful / not helpful votes, links in resolutions.
 */
export function articleEffectiveness(db: Db, period: Period): Map<string, ArticleStats> {
  const stats = new Map<string, ArticleStats>();
  const get = (slug: string) => {
    let s = stats.get(slug);
    if (!s)
      stats.set(
        slug,
        (s = {
          slug,
          suggested: 0,
          opened: 0,
          solved: 0,
          ticketsAfterOpening: 0,
          helpful: 0,
          notHelpful: 0,
          reuse: 0,
        }),
      );
    return s;
  };
  // Rollups (migration 0008): whole UTC days from article_daily, the partial first and last day from
  // article_hourly. Exact for every time zone with a whole-hour offset.
  const fromHour = period.from.slice(0, 13);
  const toHour = period.to.slice(0, 13);
  const firstWholeDay = fromHour.endsWith('T00') ? fromHour.slice(0, 10) : addUtcDay(fromHour.slice(0, 10));
  const endWholeDay = toHour.slice(0, 10);
  const parts: Array<{
    table: 'article_daily' | 'article_hourly';
    column: 'day' | 'hour';
    from: string;
    to: string;
  }> =
    firstWholeDay < endWholeDay
      ? [
          { table: 'article_hourly', column: 'hour', from: fromHour, to: `${firstWholeDay}T00` },
          { table: 'article_daily', column: 'day', from: firstWholeDay, to: endWholeDay },
          { table: 'article_hourly', column: 'hour', from: `${endWholeDay}T00`, to: toHour },
        ]
      : [{ table: 'article_hourly', column: 'hour', from: fromHour, to: toHour }];
  for (const part of parts) {
    if (part.from >= part.to) continue;
    const rows = sql(
      db,
      `SELECT slug, sum(suggested) AS suggested, sum(opened) AS opened, sum(solved) AS solved, sum(tickets_after_open) AS tickets
      FROM ${part.table} WHERE ${part.column} >= ? AND ${part.column} < ? GROUP BY slug`,
    ).all(part.from, part.to) as Array<{
      slug: string;
      suggested: number;
      opened: number;
      solved: number;
      tickets: number;
    }>;
    for (const r of rows) {
      const s = get(r.slug);
      s.suggested += r.suggested;
      s.opened += r.opened;
      s.solved += r.solved;
      s.ticketsAfterOpening += r.tickets;
    }
  }
  for (const f of sql(
    db,
    'SELECT slug, sum(helpful) AS yes, sum(1 - helpful) AS no FROM article_feedback WHERE at >= ? AND at < ? GROUP BY slug',
  ).all(period.from, period.to) as Array<{ slug: string; yes: number; no: number }>) {
    Object.assign(get(f.slug), { helpful: f.yes, notHelpful: f.no });
  }
  for (const l of sql(
    db,
    'SELECT slug, count(*) AS n FROM ticket_articles WHERE at >= ? AND at < ? GROUP BY slug',
  ).all(period.from, period.to) as Array<{ slug: string; n: number }>)
    get(l.slug).reuse = l.n;
  return stats;
}

// ---------------------------------------------------------------- queue health

/** A ticket as the queue report needs it: times as ms since the epoch, as a tuple (20,000 of them per page: strings and row objects are too slow). */
type QueueTicket = [
  priority: number,
  created: number,
  responded: number | null,
  firstDue: number | null,
  resolved: number | null,
  resolutionDue: number | null,
  closed: number | null,
  pausedMs: number,
  rating: number | null,
  assignee: number | null,
  tier: number,
];

/** Resolution time and satisfaction of one agent or one tier. */
export type TeamStats = {
  /** Tickets resolved in the period (the assignee at resolution; the tier the ticket was in). */
  resolved: number;
  /** Resolution time of those tickets, minus time pending, in minutes. */
  resolution: ReturnType<typeof spread>;
  /** Ratings of tickets closed in the period. */
  ratings: { count: number; average: number | null };
};

export type QueueHealth = {
  created: number;
  resolved: number;
  weekly: Array<WeekFlags & { created: number; resolved: number; backlog: number }>;
  /** Open (new, open, pending) at the end of the period. */
  backlog: number;
  firstResponse: ReturnType<typeof spread>;
  resolution: ReturnType<typeof spread>;
  sla: Array<{
    priority: number;
    firstResponseMet: number;
    firstResponseTotal: number;
    resolutionMet: number;
    resolutionTotal: number;
    firstResponseRate: number | null;
    resolutionRate: number | null;
  }>;
  reopens: number;
  resolutions: number;
  reopenRate: number | null;
  escalations: Array<{ fromTier: number; count: number }>;
  ratings: { count: number; average: number | null; distribution: number[] };
  workload: Array<{ agentId: number; name: string; open: number; resolved: number }>;
  /** Per agent who was assigned a ticket resolved or rated in the period, most resolutions first. */
  agents: Array<{ agentId: number; name: string } & TeamStats>;
  /** Tiers 1–3, always all three. */
  tiers: Array<{ tier: number } & TeamStats>;
};

export type QueueTickets = QueueTicket[];

const ms = (column: string) => `CAST(round(unixepoch(${column}, 'subsec') * 1000) AS INTEGER)`;

/** Every ticket that could matter to a period: created before its end, and not closed before its start. Load once for two adjacent periods. */
export function loadQueueTickets(db: Db, period: Period): QueueTickets {
  // Its own statement: .raw() changes a statement for every caller, so the shared cache of sql() is not used.
  return db
    .prepare(
      `SELECT priority, ${ms('created_at')}, ${ms('first_responded_at')}, ${ms('first_response_due_at')}, ${ms('resolved_at')},
      ${ms('resolution_due_at')}, ${ms('closed_at')}, paused_ms, rating, assignee_id, tier
    FROM tickets WHERE created_at < ? AND (closed_at IS NULL OR closed_at >= ? OR resolved_at >= ?)`,
    )
    .raw()
    .all(period.to, period.from, period.from) as QueueTicket[];
}

/** Index of the week an instant falls in, or -1 (binary search over the week ends). */
function weekOf(ends: number[], t: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo < ends.length ? lo : -1;
}

/**
 * Created and resolved per week, backlog, first-response and resolution times (median, p90; resolution
 * time excludes time pending), SLA compliance per priority, reopen rate, escalations per tier,
 * satisfaction and workload per agent. Times are counted for tickets whose event falls in the period.
 */
export function queueHealth(db: Db, period: Period, weeks: Week[], preloaded?: QueueTickets): QueueHealth {
  const tally = tallyTickets(preloaded ?? loadQueueTickets(db, period), period, weeks);
  const { reopens, resolvedEvents, escalations } = countStatusEvents(db, period);
  const rated = tally.rated;
  return {
    created: tally.created,
    resolved: tally.resolved,
    weekly: tally.weekly,
    backlog: tally.backlog,
    firstResponse: spread(tally.firstResponses),
    resolution: spread(tally.resolutions),
    sla: tally.sla.map((s) => ({
      ...s,
      firstResponseRate: ratio(s.firstResponseMet, s.firstResponseTotal),
      resolutionRate: ratio(s.resolutionMet, s.resolutionTotal),
    })),
    reopens,
    resolutions: resolvedEvents,
    reopenRate: ratio(reopens, resolvedEvents),
    escalations,
    ratings: {
      count: rated.length,
      average: rated.length ? rated.reduce((a, b) => a + b, 0) / rated.length : null,
      distribution: [1, 2, 3, 4, 5].map((n) => rated.filter((r) => r === n).length),
    },
    workload: agentWorkload(db, period, tally.openByAgent),
    agents: agentStats(db, tally.byAgent),
    tiers: [1, 2, 3].map((tier) => ({ tier, ...teamStats(tally.byTier.get(tier)) })),
  };
}

type TeamTally = { resolutions: number[]; ratings: number[] };

function teamStats(t: TeamTally | undefined): TeamStats {
  const ratings = t?.ratings ?? [];
  return {
    resolved: t?.resolutions.length ?? 0,
    resolution: spread(t?.resolutions ?? []),
    ratings: {
      count: ratings.length,
      average: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
    },
  };
}

function agentStats(db: Db, byAgent: Map<number, TeamTally>): QueueHealth['agents'] {
  if (byAgent.size === 0) return [];
  const names = new Map(
    (
      sql(db, 'SELECT id, display_name AS name FROM users WHERE id IN (SELECT value FROM json_each(?))').all(
        JSON.stringify([...byAgent.keys()]),
      ) as Array<{ id: number; name: string }>
    ).map((u) => [u.id, u.name]),
  );
  return [...byAgent.entries()]
    .map(([agentId, t]) => ({ agentId, name: names.get(agentId) ?? `#${agentId}`, ...teamStats(t) }))
    .sort((a, b) => b.resolved - a.resolved || a.name.localeCompare(b.name));
}

/** One pass over the tickets: volumes per week, backlog, response and resolution times, SLA, ratings, open per agent. */
function tallyTickets(tickets: QueueTickets, period: Period, weeks: Week[]) {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const starts = weeks.map((w) => Date.parse(w.from));
  const ends = weeks.map((w) => Date.parse(w.to));
  const inWeek = (at: number) => {
    const w = weekOf(ends, at);
    return w >= 0 && at >= starts[w]! ? w : -1;
  };
  const t = {
    created: 0,
    resolved: 0,
    backlog: 0,
    weekly: weeks.map((w) => ({ ...weekFlags(w), created: 0, resolved: 0, backlog: 0 })),
    sla: [1, 2, 3, 4].map((priority) => ({
      priority,
      firstResponseMet: 0,
      firstResponseTotal: 0,
      resolutionMet: 0,
      resolutionTotal: 0,
    })),
    firstResponses: [] as number[],
    resolutions: [] as number[],
    rated: [] as number[],
    openByAgent: new Map<number, number>(),
    byAgent: new Map<number, TeamTally>(),
    byTier: new Map<number, TeamTally>(),
  };
  const teamOf = (map: Map<number, TeamTally>, key: number) => {
    let team = map.get(key);
    if (!team) map.set(key, (team = { resolutions: [], ratings: [] }));
    return team;
  };
  for (const [
    priority,
    createdAt,
    responded,
    firstDue,
    resolvedAt,
    resolutionDue,
    closed,
    pausedMs,
    rating,
    assignee,
    tier,
  ] of tickets) {
    if (createdAt >= to) continue;
    const sla = t.sla[priority - 1];
    if (createdAt >= from) {
      t.created++;
      const w = inWeek(createdAt);
      if (w >= 0) t.weekly[w]!.created++;
    }
    if (resolvedAt !== null && resolvedAt >= from && resolvedAt < to) {
      t.resolved++;
      const minutes = (resolvedAt - createdAt - pausedMs) / 60_000;
      t.resolutions.push(minutes);
      teamOf(t.byTier, tier).resolutions.push(minutes);
      if (assignee !== null) teamOf(t.byAgent, assignee).resolutions.push(minutes);
      const w = inWeek(resolvedAt);
      if (w >= 0) t.weekly[w]!.resolved++;
      if (sla && resolutionDue !== null) {
        sla.resolutionTotal++;
        if (resolvedAt <= resolutionDue) sla.resolutionMet++;
      }
    }
    if (responded !== null && responded >= from && responded < to) {
      t.firstResponses.push((responded - createdAt) / 60_000);
      if (sla && firstDue !== null) {
        sla.firstResponseTotal++;
        if (responded <= firstDue) sla.firstResponseMet++;
      }
    }
    if (rating !== null && closed !== null && closed >= from && closed < to) {
      t.rated.push(rating);
      teamOf(t.byTier, tier).ratings.push(rating);
      if (assignee !== null) teamOf(t.byAgent, assignee).ratings.push(rating);
    }
    // A ticket is in the backlog from its creation until it is resolved or closed, whichever comes first.
    const done = Math.min(resolvedAt ?? Infinity, closed ?? Infinity);
    if (done >= ends[0]!)
      for (let i = 0; i < ends.length; i++)
        if (createdAt < ends[i]! && done >= ends[i]!) t.weekly[i]!.backlog++;
    if (done >= to) {
      t.backlog++;
      if (assignee !== null) t.openByAgent.set(assignee, (t.openByAgent.get(assignee) ?? 0) + 1);
    }
  }
  return t;
}

/** Reopens, resolutions and escalations in the period, from the ticket timelines. */
function countStatusEvents(db: Db, period: Period) {
  // Counted on the covering index ticket_events_report (type, to_value, at, …): no row is read.
  const reopens = countInPeriod(
    db,
    "SELECT count(*) FROM ticket_events WHERE type = 'status' AND to_value = 'open' AND at >= ? AND at < ? AND from_value = 'resolved'",
    period,
  );
  const resolvedEvents = countInPeriod(
    db,
    "SELECT count(*) FROM ticket_events WHERE type = 'status' AND to_value = 'resolved' AND at >= ? AND at < ?",
    period,
  );
  const escalations = sql(
    db,
    "SELECT CAST(from_value AS INTEGER) AS fromTier, count(*) AS count FROM ticket_events WHERE type = 'escalated' AND at >= ? AND at < ? GROUP BY 1 ORDER BY 1",
  ).all(period.from, period.to) as Array<{ fromTier: number; count: number }>;
  return { reopens, resolvedEvents, escalations };
}

/** Each agent's open tickets at the end of the period and resolutions in it, busiest first. */
function agentWorkload(db: Db, period: Period, openByAgent: Map<number, number>) {
  const resolvers = sql(
    db,
    "SELECT actor_id AS id, count(*) AS n FROM ticket_events WHERE type = 'status' AND to_value = 'resolved' AND at >= ? AND at < ? AND actor_id IS NOT NULL GROUP BY 1",
  ).all(period.from, period.to) as Array<{ id: number; n: number }>;
  const agents = sql(
    db,
    "SELECT u.id, u.display_name AS name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'agent'",
  ).all() as Array<{ id: number; name: string }>;
  return agents
    .map((a) => ({
      agentId: a.id,
      name: a.name,
      open: openByAgent.get(a.id) ?? 0,
      resolved: resolvers.find((r) => r.id === a.id)?.n ?? 0,
    }))
    .filter((a) => a.open + a.resolved > 0)
    .sort((a, b) => b.open + b.resolved - (a.open + a.resolved) || a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------- recurring problems

export type Growth = { key: string; current: number; previous: number; growth: number | null };

const SUBJECT_NOISE = new Set([
  ...STOP_WORDS_EN,
  'not',
  'working',
  'problem',
  'issue',
  'error',
  'cannot',
  'cant',
  'help',
  'please',
  'urgent',
  'does',
  'doesnt',
  'wont',
  'still',
  'again',
]);

/**
 * Categories and subject words whose ticket count grew faster than usual: at least `minCount` tickets
 * and at least `factor` times the previous period (a new topic with no history counts as growing).
 */
export function recurringProblems(
  db: Db,
  period: Period,
  previous: Period,
  options: { minCount?: number; factor?: number } = {},
): { categories: Growth[]; subjects: Growth[] } {
  const { minCount = 5, factor = 1.5 } = options;
  const load = (p: Period) =>
    sql(
      db,
      'SELECT category, subject, count(*) AS n FROM tickets WHERE created_at >= ? AND created_at < ? GROUP BY category, subject',
    ).all(p.from, p.to) as Array<{ category: string | null; subject: string; n: number }>;
  const count = (rows: Array<{ category: string | null; subject: string; n: number }>) => {
    const categories = new Map<string, number>();
    const words = new Map<string, number>();
    for (const r of rows) {
      categories.set(
        r.category ?? 'uncategorised',
        (categories.get(r.category ?? 'uncategorised') ?? 0) + r.n,
      );
      const telling = memoized(subjectWords, r.subject, () => [
        ...new Set(
          tokenize(r.subject).filter((w) => w.length > 2 && !SUBJECT_NOISE.has(w) && !/^\d+$/.test(w)),
        ),
      ]);
      for (const w of telling) words.set(w, (words.get(w) ?? 0) + r.n);
    }
    return { categories, words };
  };
  const now = count(load(period));
  const before = count(load(previous));
  const growing = (current: Map<string, number>, past: Map<string, number>) =>
    [...current.entries()]
      .map(([key, n]) => ({
        key,
        current: n,
        previous: past.get(key) ?? 0,
        growth: ratio(n, past.get(key) ?? 0),
      }))
      .filter((g) => g.current >= minCount && (g.growth === null || g.growth >= factor))
      .sort((a, b) => b.current - b.previous - (a.current - a.previous) || a.key.localeCompare(b.key));
  return {
    categories: growing(now.categories, before.categories),
    subjects: growing(now.words, before.words).slice(0, 15),
  };
}
