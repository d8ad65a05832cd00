import { requirePerson } from './guards.ts';
import { getConfig } from '#lib/config/config.ts';
import { getContent, isStale } from '#lib/content/store.ts';
import { getDb } from '#lib/db/connection.ts';
import { flushDeflectionEvents } from '#lib/deflection/requests.ts';
import { barChart, horizontalBars, lineChart } from '#lib/reports/charts.ts';
import { toCsv, type CsvColumn } from '#lib/reports/csv.ts';
import {
  articleEffectiveness,
  contentGaps,
  deflection,
  funnel,
  loadQueueTickets,
  queueHealth,
  recurringProblems,
  selfServiceScore,
  type ArticleStats,
} from '#lib/reports/metrics.ts';
import { parseRange, weeksOf, type ReportRange } from '#lib/reports/range.ts';

/** What each number means, shown beside it (DESIGN.md's definitions, in one place). */
export const DEFINITIONS = {
  deflectionRate:
    'Requests that ended in a confirmed or potential deflection, out of requests that were shown at least one suggestion and whose outcome is known. Confirmed: the employee clicked "This solved my problem". Potential: suggestions were shown and the same employee filed no ticket within 24 hours. Requests younger than 24 hours are still open and counted in neither part.',
  confirmedRate:
    'Only the requests where the employee clicked "This solved my problem", out of the same requests.',
  selfService:
    "Distinct people who described a problem at Get help, divided by distinct people who filed a ticket (Zendesk's self-service score). Above 1: more people help themselves than ask.",
  funnel:
    'Help requests started (3 or more characters typed) → shown at least one suggestion → opened a suggested article → clicked "solved" → filed a ticket from the same request.',
  gaps: 'The last query of each request that found nothing, or found articles nobody opened, grouped by the same words; with the tickets filed from those requests.',
  articles:
    'Per article in the period: requests it was suggested in, opened from a suggestion, "solved" clicks, tickets filed from a request in which it was opened, "Was this helpful?" votes, and links in ticket resolutions.',
  volume:
    'Tickets created and resolved per week; backlog = tickets not yet resolved or closed at the end of each week.',
  times:
    'First response: from creation to the first public reply by an agent. Resolution: from creation to resolved, minus time spent waiting on the requester. Median and 90th percentile.',
  sla: 'Share of first responses (in the period) and resolutions (in the period) that met the due time of their priority.',
  reopen: 'Resolved tickets the requester reopened, divided by resolutions, in the period.',
  recurring:
    'Categories and subject words with at least 5 tickets and at least 1.5 times as many as in the previous period.',
} as const;

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const minutes = (v: number | null) =>
  v === null
    ? '—'
    : v < 120
      ? `${Math.round(v)} min`
      : v < 2880
        ? `${(v / 60).toFixed(1)} h`
        : `${(v / 1440).toFixed(1)} d`;

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
  const weeks = weeksOf(range);
  const previousWeeks = weeksOf({ ...range.previous, tz: range.tz });
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
    weeks,
    deflection: defl,
    deflectionPrevious: deflPrev,
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

/** The CSV tables: the same rows the page shows, so an export's numbers match the page. */
const TABLES = {
  'deflection-weekly': (r: Reports) =>
    toCsv(r.deflection.weekly, [
      { header: 'week starting', value: (w) => w.week },
      { header: 'requests', value: (w) => w.requests },
      { header: 'shown suggestions, outcome known', value: (w) => w.denominator },
      { header: 'confirmed', value: (w) => w.confirmed },
      { header: 'potential', value: (w) => w.potential },
      { header: 'ticket', value: (w) => w.ticket },
      { header: 'still open', value: (w) => w.open },
      { header: 'deflection rate %', value: (w) => pct(w.rate) },
      { header: 'confirmed rate %', value: (w) => pct(w.confirmedRate) },
    ]),
  funnel: (r: Reports) =>
    toCsv(funnelRows(r), [
      { header: 'step', value: (s) => s.step },
      { header: 'requests', value: (s) => s.value },
      { header: 'previous period', value: (s) => s.previous },
    ]),
  'content-gaps': (r: Reports) =>
    toCsv(r.gaps, [
      { header: 'query', value: (g) => g.query },
      { header: 'requests', value: (g) => g.requests },
      { header: 'no results', value: (g) => g.noResults },
      { header: 'results, no click', value: (g) => g.noClick },
      { header: 'tickets filed', value: (g) => g.tickets.map((n) => `T-${n}`).join(' ') },
      { header: 'previous period', value: (g) => g.previous },
    ]),
  articles: (r: Reports) =>
    toCsv(sortArticles(r.articles, 'suggested'), [
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
    ] satisfies Array<CsvColumn<Reports['articles'][number]>>),
  'queue-weekly': (r: Reports) =>
    toCsv(r.queue.weekly, [
      { header: 'week starting', value: (w) => w.week },
      { header: 'created', value: (w) => w.created },
      { header: 'resolved', value: (w) => w.resolved },
      { header: 'backlog at end of week', value: (w) => w.backlog },
    ]),
  sla: (r: Reports) =>
    toCsv(r.queue.sla, [
      { header: 'priority', value: (s) => `P${s.priority}` },
      { header: 'first responses', value: (s) => s.firstResponseTotal },
      { header: 'met', value: (s) => s.firstResponseMet },
      { header: 'first response met %', value: (s) => pct(s.firstResponseRate) },
      { header: 'resolutions', value: (s) => s.resolutionTotal },
      { header: 'met', value: (s) => s.resolutionMet },
      { header: 'resolution met %', value: (s) => pct(s.resolutionRate) },
    ]),
  workload: (r: Reports) =>
    toCsv(r.queue.workload, [
      { header: 'agent', value: (w) => w.name },
      { header: 'open at end of period', value: (w) => w.open },
      { header: 'resolutions in period', value: (w) => w.resolved },
    ]),
  recurring: (r: Reports) =>
    toCsv(
      [
        ...r.recurring.categories.map((g) => ({ ...g, kind: 'category' })),
        ...r.recurring.subjects.map((g) => ({ ...g, kind: 'subject word' })),
      ],
      [
        { header: 'kind', value: (g) => g.kind },
        { header: 'name', value: (g) => g.key },
        { header: 'tickets', value: (g) => g.current },
        { header: 'previous period', value: (g) => g.previous },
      ],
    ),
} as const;
export type TableName = keyof typeof TABLES;
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

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

/** GET /manage/export/<table>.csv for the same period as the page. Null: no such table (404). */
export function exportCsv(locals: App.Locals, url: URL, table: string | undefined): Response | null {
  requirePerson(locals, ['manager', 'admin']);
  const name = table?.replace(/\.csv$/, '') as TableName | undefined;
  if (!name || !Object.hasOwn(TABLES, name)) return null; // own keys only: "__proto__" or "toString" are not tables
  const range = parseRange(url.searchParams);
  const body = TABLES[name](buildReports(range));
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="fixpoint-${name}-${range.firstDay}-to-${range.lastDay}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

/** The headline numbers, each beside the previous period's and its definition. */
function headlineNumbers(r: Reports) {
  return [
    {
      label: 'Deflection rate',
      value: percent(r.deflection.total.rate),
      previous: percent(r.deflectionPrevious.total.rate),
      definition: DEFINITIONS.deflectionRate,
    },
    {
      label: 'Confirmed deflection rate',
      value: percent(r.deflection.total.confirmedRate),
      previous: percent(r.deflectionPrevious.total.confirmedRate),
      definition: DEFINITIONS.confirmedRate,
    },
    {
      label: 'Self-service score',
      value: r.selfService.score === null ? '—' : r.selfService.score.toFixed(2),
      previous: r.selfServicePrevious.score === null ? '—' : r.selfServicePrevious.score.toFixed(2),
      definition: DEFINITIONS.selfService,
    },
    {
      label: 'Help requests',
      value: String(r.funnel.requests),
      previous: String(r.funnelPrevious.requests),
      definition: DEFINITIONS.funnel,
    },
    {
      label: 'Tickets created',
      value: String(r.queue.created),
      previous: String(r.queuePrevious.created),
      definition: DEFINITIONS.volume,
    },
    {
      label: 'Median first response',
      value: minutes(r.queue.firstResponse.median),
      previous: minutes(r.queuePrevious.firstResponse.median),
      definition: DEFINITIONS.times,
    },
    {
      label: 'Reopen rate',
      value: percent(r.queue.reopenRate),
      previous: percent(r.queuePrevious.reopenRate),
      definition: DEFINITIONS.reopen,
    },
    {
      label: 'Satisfaction',
      value: r.queue.ratings.average === null ? '—' : `${r.queue.ratings.average.toFixed(2)} / 5`,
      previous:
        r.queuePrevious.ratings.average === null ? '—' : `${r.queuePrevious.ratings.average.toFixed(2)} / 5`,
      definition: `Average rating of tickets closed in the period (${r.queue.ratings.count} ratings).`,
    },
  ];
}

/** The four charts of the page, as SVG with their data tables. */
function charts(r: Reports, funnelData: ReturnType<typeof funnelRows>) {
  const weekLabels = r.weeks.map((w) => w.label.slice(5));
  return {
    deflection: lineChart({
      title: 'Deflection rate per week',
      xLabels: weekLabels,
      yMax: 1,
      yFormat: (v) => `${Math.round(v * 100)}%`,
      series: [
        { label: 'Deflection rate', values: r.deflection.weekly.map((w) => w.rate) },
        { label: 'Confirmed only', values: r.deflection.weekly.map((w) => w.confirmedRate), dashed: true },
      ],
    }),
    funnel: horizontalBars({
      title: 'From request to ticket',
      rows: funnelData.map((s) => ({ label: s.step, value: s.value, display: String(s.value) })),
      max: Math.max(1, funnelData[0]!.value),
    }),
    volume: barChart({
      title: 'Tickets created and resolved per week',
      xLabels: weekLabels,
      series: [
        { label: 'Created', values: r.queue.weekly.map((w) => w.created) },
        { label: 'Resolved', values: r.queue.weekly.map((w) => w.resolved) },
      ],
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

/** /manage: every report for the chosen period, with charts (server-rendered SVG), tables and the comparison. */
export function managePage(locals: App.Locals, url: URL) {
  requirePerson(locals, ['manager', 'admin']);
  const range = parseRange(url.searchParams);
  const r = buildReports(range);
  const sort: ArticleSort = (ARTICLE_SORTS as readonly string[]).includes(url.searchParams.get('sort') ?? '')
    ? (url.searchParams.get('sort') as ArticleSort)
    : 'suggested';
  const query = new URLSearchParams({
    range: range.key,
    tz: range.tz,
    ...(range.key === 'custom' ? { from: range.firstDay, to: range.lastDay } : {}),
  });
  const funnelData = funnelRows(r);
  const kpis = headlineNumbers(r);
  return {
    range,
    query: query.toString(),
    sort,
    kpis,
    definitions: DEFINITIONS,
    percent,
    minutes,
    categories: r.categories,
    deflection: r.deflection,
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
