import { requirePerson, requireRole } from './guards.ts';
import { getConfig } from '#lib/config/config.ts';
import { getContent, isStale } from '#lib/content/store.ts';
import { getDb } from '#lib/db/connection.ts';
import { flushDeflectionEvents } from '#lib/deflection/requests.ts';
import { barChart, horizontalBars, lineChart } from '#lib/reports/charts.ts';
import { compareWithPrevious, formatMeasure, type Better, type MeasureKind } from '#lib/reports/change.ts';
import { toCsv, type CsvColumn } from '#lib/reports/csv.ts';
import { CHANNEL_LABELS } from '#lib/deflection/channels.ts';
import {
  articleEffectiveness,
  contentGaps,
  deflection,
  deflectionByChannel,
  funnel,
  loadQueueTickets,
  queueHealth,
  recurringProblems,
  selfServiceScore,
  type ArticleStats,
  type TeamStats,
} from '#lib/reports/metrics.ts';
import { parseRange, weeksOf, type ReportRange } from '#lib/reports/range.ts';

/** What each number means, shown beside it (DESIGN.md's definitions, in one place; each its own). */
export const DEFINITIONS = {
  deflectionRate:
    'Confirmed plus likely deflections, out of requests that were shown at least one suggestion and whose outcome is known. It mixes a measured part (confirmed) with an inferred one (likely): read it with the two beside it. Requests younger than 24 hours are still open and counted in no part.',
  confirmedRate:
    'Requests where the employee clicked "This solved my problem", out of requests that were shown at least one suggestion and whose outcome is known. Measured, not inferred.',
  likelyRate:
    'Requests that were shown suggestions and after which the same employee filed no ticket within 24 hours, without saying it was solved, out of the same requests. Inferred from a ticket that did not come: some of these people gave up.',
  channels:
    'The same outcomes per channel a request came through: the web (Get help) today; e-mail and major incidents ("I\'m affected too") once those channels are in use.',
  selfService:
    "Distinct people who described a problem at Get help, divided by distinct people who filed a ticket (Zendesk's self-service score). Above 1: more people help themselves than ask.",
  helpRequests: 'Help requests started in the period: someone typed at least 3 characters at Get help.',
  funnel:
    'Help requests started (3 or more characters typed) → shown at least one suggestion → opened a suggested article → clicked "solved" → filed a ticket from the same request.',
  gaps: 'The last query of each request that found nothing, or found articles nobody opened, grouped by the same words; with the tickets filed from those requests.',
  articles:
    'Per article in the period: requests it was suggested in, opened from a suggestion, "solved" clicks, tickets filed from a request in which it was opened, "Was this helpful?" votes, and links in ticket resolutions.',
  ticketsCreated: 'Tickets created in the period, by any channel.',
  volume: 'Tickets created and resolved per whole week of the period.',
  backlog:
    'Tickets not yet resolved or closed at a moment: at the end of the period for the card, at the end of each week (or now, for the week not over) for the chart.',
  firstResponse:
    'From creation to the first public reply by an agent, for first replies in the period. Median (half were faster) and 90th percentile.',
  resolution:
    'From creation to resolved, minus the time spent waiting on the requester, for tickets resolved in the period. Median and 90th percentile.',
  sla: 'Share of first responses (in the period) and resolutions (in the period) that met the due time of their priority.',
  reopen: 'Resolved tickets the requester reopened, divided by resolutions, in the period.',
  satisfaction:
    'Average rating (1 to 5 stars) the requesters gave, for tickets closed in the period; the number of ratings beside it.',
  teams:
    'Per agent (the assignee when the ticket was resolved) and per tier (the tier the ticket was in): tickets resolved in the period, their resolution time (median and 90th percentile, waiting on the requester excluded), and the ratings of tickets closed in the period.',
  recurring:
    'Categories and subject words with at least 5 tickets and at least 1.5 times as many as in the previous period.',
  partialWeeks:
    'A week with fewer than 7 days inside the period, or one that is not over yet, is partial: its counts are not comparable with a whole week, so the trend charts leave it out and the tables mark it.',
} as const;

const percent = (v: number | null) => formatMeasure('rate', v);
const minutes = (v: number | null) => formatMeasure('minutes', v);

export const ARTICLE_SORTS = [
  'suggested',
  'opened',
  'solved',
  'ticketsAfterOpening',
  'helpful',
  'reuse',
  'title',
] as const;
type ArticleSort = (typeof ARTICLE_SORTS)[number];

/** All report data for a period (and the previous one), computed once and used by the page and the CSV exports alike. */
export function buildReports(range: ReportRange, now: Date = new Date()) {
  flushDeflectionEvents();
  const db = getDb();
  const weeks = weeksOf(range, now);
  const previousWeeks = weeksOf({ ...range.previous, tz: range.tz }, now);
  const content = getContent(getConfig().contentDir);
  const defl = deflection(db, range, weeks, now);
  const deflPrev = deflection(db, range.previous, previousWeeks, now);
  const tickets = loadQueueTickets(db, { from: range.previous.from, to: range.to });
  const queue = queueHealth(db, range, weeks, tickets);
  const queuePrev = queueHealth(db, range.previous, previousWeeks, tickets);
  const effectiveness = articleEffectiveness(db, range);
  const effectivenessPrev = articleEffectiveness(db, range.previous);
  const articles = content.articles.map((a) => {
    const s: ArticleStats = effectiveness.get(a.slug) ?? {
      slug: a.slug,
      suggested: 0,
      opened: 0,
      solved: 0,
      ticketsAfterOpening: 0,
      helpful: 0,
      notHelpful: 0,
      reuse: 0,
    };
    return {
      ...s,
      title: a.title,
      url: a.url,
      type: a.type,
      status: a.status,
      stale: a.status === 'published' && isStale(a),
      previousSolved: effectivenessPrev.get(a.slug)?.solved ?? 0,
    };
  });
  return {
    range,
    now,
    weeks,
    deflection: defl,
    deflectionPrevious: deflPrev,
    channels: deflectionByChannel(db, range, now),
    funnel: funnel(db, range),
    funnelPrevious: funnel(db, range.previous),
    selfService: selfServiceScore(db, range),
    selfServicePrevious: selfServiceScore(db, range.previous),
    gaps: contentGaps(db, range, range.previous),
    articles,
    queue,
    queuePrevious: queuePrev,
    recurring: recurringProblems(db, range, range.previous),
    categories: new Map(content.categories.map((c) => [c.slug, c.label])),
  };
}
type Reports = ReturnType<typeof buildReports>;

/** A report table: its rows (raw numbers, rates as fractions: the JSON API) and its CSV columns (the export). */
type ReportTable<T> = { describe: string; rows: (r: Reports) => T[]; columns: Array<CsvColumn<T>> };
const table = <T>(t: ReportTable<T>) => t;

const weekColumns = <T extends { week: string; days: number; partial: boolean }>(): Array<CsvColumn<T>> => [
  { header: 'week starting', value: (w) => w.week },
  { header: 'days in period', value: (w) => w.days },
  { header: 'partial', value: (w) => (w.partial ? 'yes' : 'no') },
];
const teamColumns = <T extends TeamStats>(): Array<CsvColumn<T>> => [
  { header: 'resolved', value: (t) => t.resolved },
  { header: 'median resolution minutes', value: (t) => round(t.resolution.median) },
  { header: 'p90 resolution minutes', value: (t) => round(t.resolution.p90) },
  { header: 'ratings', value: (t) => t.ratings.count },
  { header: 'average rating', value: (t) => round(t.ratings.average, 2) },
];

/**
 * Every report table, by name: the CSV export (/manage/export/<name>.csv) and the JSON API
 * (/api/reports/<name>) read the same rows, so both match the page.
 */
const TABLES = {
  summary: table({
    describe: 'The headline numbers, each with the previous period and the change.',
    rows: (r) =>
      headlineNumbers(r).map((k) => ({
        key: k.key,
        label: k.label,
        unit: k.kind,
        value: k.raw,
        previous: k.rawPrevious,
        change: k.change.delta,
        direction: k.change.direction,
        judgement: k.change.judgement,
        definition: k.definition,
      })),
    columns: [
      { header: 'number', value: (k) => k.label },
      { header: 'unit', value: (k) => (k.unit === 'rate' ? 'fraction' : k.unit) },
      { header: 'value', value: (k) => k.value },
      { header: 'previous period', value: (k) => k.previous },
      { header: 'change (points for rates)', value: (k) => k.change },
      { header: 'direction', value: (k) => k.direction },
      { header: 'judgement', value: (k) => k.judgement },
    ],
  }),
  'deflection-weekly': table({
    describe: 'Deflection outcomes per week, partial weeks marked.',
    rows: (r) => r.deflection.weekly,
    columns: [
      ...weekColumns<Reports['deflection']['weekly'][number]>(),
      { header: 'requests', value: (w) => w.requests },
      { header: 'shown suggestions, outcome known', value: (w) => w.denominator },
      { header: 'confirmed', value: (w) => w.confirmed },
      { header: 'likely', value: (w) => w.potential },
      { header: 'ticket', value: (w) => w.ticket },
      { header: 'still open', value: (w) => w.open },
      { header: 'confirmed rate %', value: (w) => pct(w.confirmedRate) },
      { header: 'likely rate %', value: (w) => pct(w.likelyRate) },
      { header: 'confirmed + likely %', value: (w) => pct(w.rate) },
    ],
  }),
  'deflection-channels': table({
    describe: 'Deflection outcomes per channel (web, mail, incident).',
    rows: (r) => r.channels,
    columns: [
      { header: 'channel', value: (c) => c.channel },
      { header: 'requests', value: (c) => c.requests },
      { header: 'shown suggestions, outcome known', value: (c) => c.denominator },
      { header: 'confirmed', value: (c) => c.confirmed },
      { header: 'likely', value: (c) => c.potential },
      { header: 'ticket', value: (c) => c.ticket },
      { header: 'still open', value: (c) => c.open },
      { header: 'confirmed rate %', value: (c) => pct(c.confirmedRate) },
      { header: 'likely rate %', value: (c) => pct(c.likelyRate) },
      { header: 'confirmed + likely %', value: (c) => pct(c.rate) },
    ],
  }),
  funnel: table({
    describe: 'Requests at each step from typing to a ticket.',
    rows: (r) => funnelRows(r),
    columns: [
      { header: 'step', value: (s) => s.step },
      { header: 'requests', value: (s) => s.value },
      { header: 'previous period', value: (s) => s.previous },
    ],
  }),
  'content-gaps': table({
    describe: 'Queries that found nothing or nothing opened.',
    rows: (r) => r.gaps,
    columns: [
      { header: 'query', value: (g) => g.query },
      { header: 'requests', value: (g) => g.requests },
      { header: 'no results', value: (g) => g.noResults },
      { header: 'results, no click', value: (g) => g.noClick },
      { header: 'tickets filed', value: (g) => g.tickets.map((n) => `T-${n}`).join(' ') },
      { header: 'previous period', value: (g) => g.previous },
    ],
  }),
  articles: table({
    describe: 'Per article: suggested, opened, solved, tickets after opening, votes, reuse.',
    rows: (r) => sortArticles(r.articles, 'suggested'),
    columns: [
      { header: 'slug', value: (a) => a.slug },
      { header: 'title', value: (a) => a.title },
      { header: 'status', value: (a) => a.status },
      { header: 'suggested', value: (a) => a.suggested },
      { header: 'opened from a suggestion', value: (a) => a.opened },
      { header: 'solved clicks', value: (a) => a.solved },
      { header: 'tickets after opening', value: (a) => a.ticketsAfterOpening },
      { header: 'helpful', value: (a) => a.helpful },
      { header: 'not helpful', value: (a) => a.notHelpful },
      { header: 'reused in resolutions', value: (a) => a.reuse },
      { header: 'stale', value: (a) => (a.stale ? 'yes' : 'no') },
    ],
  }),
  'queue-weekly': table({
    describe: 'Tickets created and resolved per week, and the backlog at the end of each.',
    rows: (r) => r.queue.weekly,
    columns: [
      ...weekColumns<Reports['queue']['weekly'][number]>(),
      { header: 'created', value: (w) => w.created },
      { header: 'resolved', value: (w) => w.resolved },
      { header: 'backlog at end of week', value: (w) => w.backlog },
    ],
  }),
  sla: table({
    describe: 'First responses and resolutions within their due time, per priority.',
    rows: (r) => r.queue.sla,
    columns: [
      { header: 'priority', value: (s) => `P${s.priority}` },
      { header: 'first responses', value: (s) => s.firstResponseTotal },
      { header: 'met', value: (s) => s.firstResponseMet },
      { header: 'first response met %', value: (s) => pct(s.firstResponseRate) },
      { header: 'resolutions', value: (s) => s.resolutionTotal },
      { header: 'met', value: (s) => s.resolutionMet },
      { header: 'resolution met %', value: (s) => pct(s.resolutionRate) },
    ],
  }),
  workload: table({
    describe: "Each agent's open tickets at the end and resolutions in the period.",
    rows: (r) => r.queue.workload,
    columns: [
      { header: 'agent', value: (w) => w.name },
      { header: 'open at end of period', value: (w) => w.open },
      { header: 'resolutions in period', value: (w) => w.resolved },
    ],
  }),
  agents: table<Reports['queue']['agents'][number]>({
    describe: 'Resolution time and satisfaction per agent.',
    rows: (r) => r.queue.agents,
    columns: [
      { header: 'agent', value: (a) => a.name },
      ...teamColumns<Reports['queue']['agents'][number]>(),
    ],
  }),
  tiers: table<Reports['queue']['tiers'][number]>({
    describe: 'Resolution time and satisfaction per tier.',
    rows: (r) => r.queue.tiers,
    columns: [{ header: 'tier', value: (t) => t.tier }, ...teamColumns<Reports['queue']['tiers'][number]>()],
  }),
  recurring: table({
    describe: 'Categories and subject words growing faster than usual.',
    rows: (r) => [
      ...r.recurring.categories.map((g) => ({ ...g, kind: 'category' })),
      ...r.recurring.subjects.map((g) => ({ ...g, kind: 'subject word' })),
    ],
    columns: [
      { header: 'kind', value: (g) => g.kind },
      { header: 'name', value: (g) => g.key },
      { header: 'tickets', value: (g) => g.current },
      { header: 'previous period', value: (g) => g.previous },
    ],
  }),
};
export type TableName = keyof typeof TABLES;
/** The report names, in the order of the page (for the API's index and the README). */
export const REPORT_NAMES = Object.keys(TABLES) as TableName[];
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const round = (v: number | null, digits = 1) => (v === null ? null : Number(v.toFixed(digits)));

/** A table name from a URL segment (own keys only: "__proto__" or "toString" are not tables). */
export function findReport(name: string | undefined): TableName | null {
  const key = name?.replace(/\.(csv|json)$/, '');
  return key && Object.hasOwn(TABLES, key) ? (key as TableName) : null;
}

/** A report's rows and its CSV, for a range (what the export and the API answer). */
export function reportTable(name: TableName, range: ReportRange, now: Date = new Date()) {
  const t = TABLES[name] as unknown as ReportTable<unknown>;
  const r = buildReports(range, now);
  return { describe: t.describe, rows: t.rows(r), csv: () => toCsv(t.rows(r), t.columns) };
}

function funnelRows(r: Reports) {
  const steps = [
    ['Started a request', 'requests'],
    ['Shown suggestions', 'shown'],
    ['Opened an article', 'opened'],
    ['Clicked "solved"', 'solved'],
    ['Filed a ticket', 'ticket'],
  ] as const;
  return steps.map(([step, key]) => ({ step, value: r.funnel[key], previous: r.funnelPrevious[key] }));
}

function sortArticles<T extends Reports['articles'][number]>(rows: T[], sort: ArticleSort): T[] {
  return [...rows].sort((a, b) =>
    sort === 'title' ? a.title.localeCompare(b.title) : b[sort] - a[sort] || a.title.localeCompare(b.title),
  );
}

/** GET /manage/export/<table>.csv for the same period as the page, for a manager or a manager's API token. Null: no such table (404). */
export function exportCsv(locals: App.Locals, url: URL, table: string | undefined): Response | null {
  requireRole(locals, ['manager', 'admin']);
  const name = findReport(table);
  if (!name) return null;
  const range = parseRange(url.searchParams);
  return new Response(reportTable(name, range).csv(), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="fixpoint-${name}-${range.firstDay}-to-${range.lastDay}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

type Kpi = {
  key: string;
  label: string;
  kind: MeasureKind;
  better: Better;
  raw: number | null;
  rawPrevious: number | null;
  definition: string;
  /** Said under the value: what it is made of, or how many it rests on. */
  note?: string;
};

/** The headline numbers, each beside the previous period's with the change and its direction, and its own definition. */
function headlineNumbers(r: Reports) {
  const d = r.deflection.total;
  const dp = r.deflectionPrevious.total;
  const q = r.queue;
  const qp = r.queuePrevious;
  const kpis: Kpi[] = [
    {
      key: 'confirmedRate',
      label: 'Confirmed deflection',
      kind: 'rate',
      better: 'higher',
      raw: d.confirmedRate,
      rawPrevious: dp.confirmedRate,
      definition: DEFINITIONS.confirmedRate,
      note: `${d.confirmed} of ${d.denominator} requests said "solved"`,
    },
    {
      key: 'likelyRate',
      label: 'Likely deflection (inferred)',
      kind: 'rate',
      better: 'higher',
      raw: d.likelyRate,
      rawPrevious: dp.likelyRate,
      definition: DEFINITIONS.likelyRate,
      note: `${d.potential} of ${d.denominator}: no ticket within 24 h`,
    },
    {
      key: 'deflectionRate',
      label: 'Confirmed + likely deflection',
      kind: 'rate',
      better: 'higher',
      raw: d.rate,
      rawPrevious: dp.rate,
      definition: DEFINITIONS.deflectionRate,
      note: `${percent(d.confirmedRate)} confirmed + ${percent(d.likelyRate)} likely`,
    },
    {
      key: 'selfService',
      label: 'Self-service score',
      kind: 'score',
      better: 'higher',
      raw: r.selfService.score,
      rawPrevious: r.selfServicePrevious.score,
      definition: DEFINITIONS.selfService,
    },
    {
      key: 'helpRequests',
      label: 'Help requests',
      kind: 'count',
      better: 'neutral',
      raw: r.funnel.requests,
      rawPrevious: r.funnelPrevious.requests,
      definition: DEFINITIONS.helpRequests,
    },
    {
      key: 'ticketsCreated',
      label: 'Tickets created',
      kind: 'count',
      better: 'lower',
      raw: q.created,
      rawPrevious: qp.created,
      definition: DEFINITIONS.ticketsCreated,
    },
    {
      key: 'backlog',
      label: 'Backlog at the end',
      kind: 'count',
      better: 'lower',
      raw: q.backlog,
      rawPrevious: qp.backlog,
      definition: DEFINITIONS.backlog,
    },
    {
      key: 'firstResponse',
      label: 'Median first response',
      kind: 'minutes',
      better: 'lower',
      raw: q.firstResponse.median,
      rawPrevious: qp.firstResponse.median,
      definition: DEFINITIONS.firstResponse,
    },
    {
      key: 'resolution',
      label: 'Median resolution',
      kind: 'minutes',
      better: 'lower',
      raw: q.resolution.median,
      rawPrevious: qp.resolution.median,
      definition: DEFINITIONS.resolution,
    },
    {
      key: 'reopenRate',
      label: 'Reopen rate',
      kind: 'rate',
      better: 'lower',
      raw: q.reopenRate,
      rawPrevious: qp.reopenRate,
      definition: DEFINITIONS.reopen,
      note: `${q.reopens} of ${q.resolutions} resolutions`,
    },
    {
      key: 'satisfaction',
      label: 'Satisfaction',
      kind: 'rating',
      better: 'higher',
      raw: q.ratings.average,
      rawPrevious: qp.ratings.average,
      definition: DEFINITIONS.satisfaction,
      note: `${q.ratings.count} ratings`,
    },
  ];
  return kpis.map((k) => ({
    ...k,
    value: formatMeasure(k.kind, k.raw),
    previous: formatMeasure(k.kind, k.rawPrevious),
    change: compareWithPrevious(k.raw, k.rawPrevious, k.kind, k.better),
  }));
}

/** The charts of the page, as SVG with their data tables. Trends plot whole weeks only. */
function charts(r: Reports, funnelData: ReturnType<typeof funnelRows>) {
  const whole = r.weeks.map((w, i) => ({ w, i })).filter(({ w }) => !w.partial);
  const wholeLabels = whole.map(({ w }) => w.label.slice(5));
  const pick = <T>(values: T[]) => whole.map(({ i }) => values[i]!);
  return {
    wholeWeeks: whole.length,
    partialWeeks: r.weeks.filter((w) => w.partial),
    deflection: lineChart({
      title: 'Deflection per whole week: confirmed, likely, and both together',
      xLabels: wholeLabels,
      yMax: 1,
      yFormat: (v) => `${Math.round(v * 100)}%`,
      series: [
        { label: 'Confirmed', values: pick(r.deflection.weekly.map((w) => w.confirmedRate)) },
        { label: 'Likely (inferred)', values: pick(r.deflection.weekly.map((w) => w.likelyRate)) },
        {
          label: 'Confirmed + likely',
          values: pick(r.deflection.weekly.map((w) => w.rate)),
          dashed: true,
        },
      ],
    }),
    funnel: horizontalBars({
      title: 'From request to ticket',
      rows: funnelData.map((s) => ({ label: s.step, value: s.value, display: String(s.value) })),
      max: Math.max(1, funnelData[0]!.value),
    }),
    volume: barChart({
      title: 'Tickets created and resolved per whole week',
      xLabels: wholeLabels,
      series: [
        { label: 'Created', values: pick(r.queue.weekly.map((w) => w.created)) },
        { label: 'Resolved', values: pick(r.queue.weekly.map((w) => w.resolved)) },
      ],
    }),
    // A backlog is a count at an instant, so a partial week's point (the period's end, or now) is still a true one.
    backlog: lineChart({
      title: 'Backlog at the end of each week',
      xLabels: r.weeks.map((w) => w.label.slice(5)),
      series: [{ label: 'Open tickets', values: r.queue.weekly.map((w) => w.backlog) }],
    }),
    sla: horizontalBars({
      title: 'Resolutions within SLA, by priority',
      max: 1,
      rows: r.queue.sla.map((s) => ({
        label: `P${s.priority}`,
        value: s.resolutionRate ?? 0,
        display: s.resolutionTotal
          ? `${percent(s.resolutionRate)} of ${s.resolutionTotal}`
          : 'no resolutions',
      })),
    }),
  };
}

/** How a week is marked in the tables: "(partial: 3 of 7 days)", "(not over)". */
export function weekMark(w: { days: number; partial: boolean }): string {
  if (!w.partial) return '';
  return w.days < 7 ? `partial: ${w.days} of 7 days` : 'not over yet';
}

/** /manage: every report for the chosen period, with charts (server-rendered SVG), tables and the comparison. */
export function managePage(locals: App.Locals, url: URL, now: Date = new Date()) {
  requirePerson(locals, ['manager', 'admin']);
  const range = parseRange(url.searchParams, now);
  const r = buildReports(range, now);
  const sort: ArticleSort = (ARTICLE_SORTS as readonly string[]).includes(url.searchParams.get('sort') ?? '')
    ? (url.searchParams.get('sort') as ArticleSort)
    : 'suggested';
  const query = new URLSearchParams({
    range: range.key,
    tz: range.tz,
    ...(range.key === 'custom' ? { from: range.firstDay, to: range.lastDay } : {}),
  });
  const funnelData = funnelRows(r);
  return {
    range,
    query: query.toString(),
    sort,
    kpis: headlineNumbers(r),
    /** The period ends after now: its last day's numbers are still coming in. */
    ongoing: Date.parse(range.to) > now.getTime(),
    definitions: DEFINITIONS,
    percent,
    minutes,
    weekMark,
    categories: r.categories,
    deflection: r.deflection,
    channels: r.channels.map((c) => ({ ...c, label: CHANNEL_LABELS[c.channel] })),
    charts: charts(r, funnelData),
    funnel: funnelData,
    gaps: r.gaps,
    articles: sortArticles(
      r.articles.filter(
        (a) => a.suggested + a.opened + a.solved + a.helpful + a.notHelpful + a.reuse > 0 || a.stale,
      ),
      sort,
    ),
    queue: r.queue,
    queuePrevious: r.queuePrevious,
    recurring: r.recurring,
  };
}
