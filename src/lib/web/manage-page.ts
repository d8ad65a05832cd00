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
import { incidentsDeclaredBetween } from '#lib/incidents/incidents.ts';
import { incidentSection } from './incident-report.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';

/** What each number means, shown beside it (DESIGN.md's definitions, in one place; each its own): catalogue keys. */
export const DEFINITIONS = {
  deflectionRate: 'reports.defDeflectionRate',
  confirmedRate: 'reports.defConfirmedRate',
  likelyRate: 'reports.defLikelyRate',
  channels: 'reports.defChannels',
  selfService: 'reports.defSelfService',
  helpRequests: 'reports.defHelpRequests',
  funnel: 'reports.defFunnel',
  gaps: 'reports.defGaps',
  articles: 'reports.defArticles',
  ticketsCreated: 'reports.defTicketsCreated',
  volume: 'reports.defVolume',
  backlog: 'reports.defBacklog',
  firstResponse: 'reports.defFirstResponse',
  resolution: 'reports.defResolution',
  sla: 'reports.defSla',
  reopen: 'reports.defReopen',
  satisfaction: 'reports.defSatisfaction',
  teams: 'reports.defTeams',
  recurring: 'reports.defRecurring',
  partialWeeks: 'reports.defPartialWeeks',
} as const satisfies Record<string, MessageKey>;

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
      /** The language the title is written in (an article page in another language marks it). */
      locale: a.locale,
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
    incidents: incidentsDeclaredBetween(db, range.from, range.to),
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
type ReportTable<T> = {
  describe: MessageKey;
  rows: (r: Reports, i18n: I18n) => T[];
  columns: Array<CsvColumn<T>>;
};
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
    describe: 'reports.describeSummary',
    rows: (r, i18n) =>
      headlineNumbers(r, i18n).map((k) => ({
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
    describe: 'reports.describeDeflectionWeekly',
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
    describe: 'reports.describeDeflectionChannels',
    rows: (r) => r.channels,
    columns: [
      { header: 'channel', value: (c) => c.channel },
      { header: 'requests', value: (c) => c.requests },
      { header: 'shown suggestions, outcome known', value: (c) => c.denominator },
      { header: 'confirmed', value: (c) => c.confirmed },
      { header: 'likely', value: (c) => c.potential },
      { header: 'ticket', value: (c) => c.ticket },
      { header: 'still open', value: (c) => c.open },
      { header: 'affected too (major incident)', value: (c) => c.affected },
      { header: 'confirmed rate %', value: (c) => pct(c.confirmedRate) },
      { header: 'likely rate %', value: (c) => pct(c.likelyRate) },
      { header: 'confirmed + likely %', value: (c) => pct(c.rate) },
      { header: 'affected too rate %', value: (c) => pct(c.affectedRate) },
    ],
  }),
  incidents: table({
    describe: 'majorIncidents.describeReport',
    rows: (r) => r.incidents,
    columns: [
      { header: 'incident', value: (i) => i.id },
      { header: 'title', value: (i) => i.title },
      { header: 'service', value: (i) => i.service },
      { header: 'declared (UTC)', value: (i) => i.declaredAt },
      { header: 'resolved (UTC)', value: (i) => i.resolvedAt },
      { header: 'affected people', value: (i) => i.affected },
      { header: 'requests deflected', value: (i) => i.deflected },
      { header: 'tickets linked', value: (i) => i.tickets },
      { header: 'minutes to resolve', value: (i) => i.minutesToResolve },
    ],
  }),
  funnel: table({
    describe: 'reports.describeFunnel',
    rows: (r, i18n) => funnelRows(r, i18n),
    columns: [
      { header: 'step', value: (s) => s.step },
      { header: 'requests', value: (s) => s.value },
      { header: 'previous period', value: (s) => s.previous },
    ],
  }),
  'content-gaps': table({
    describe: 'reports.describeGaps',
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
    describe: 'reports.describeArticles',
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
    describe: 'reports.describeQueueWeekly',
    rows: (r) => r.queue.weekly,
    columns: [
      ...weekColumns<Reports['queue']['weekly'][number]>(),
      { header: 'created', value: (w) => w.created },
      { header: 'resolved', value: (w) => w.resolved },
      { header: 'backlog at end of week', value: (w) => w.backlog },
    ],
  }),
  sla: table({
    describe: 'reports.describeSla',
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
    describe: 'reports.describeWorkload',
    rows: (r) => r.queue.workload,
    columns: [
      { header: 'agent', value: (w) => w.name },
      { header: 'open at end of period', value: (w) => w.open },
      { header: 'resolutions in period', value: (w) => w.resolved },
    ],
  }),
  agents: table<Reports['queue']['agents'][number]>({
    describe: 'reports.describeAgents',
    rows: (r) => r.queue.agents,
    columns: [
      { header: 'agent', value: (a) => a.name },
      ...teamColumns<Reports['queue']['agents'][number]>(),
    ],
  }),
  tiers: table<Reports['queue']['tiers'][number]>({
    describe: 'reports.describeTiers',
    rows: (r) => r.queue.tiers,
    columns: [{ header: 'tier', value: (t) => t.tier }, ...teamColumns<Reports['queue']['tiers'][number]>()],
  }),
  recurring: table({
    describe: 'reports.describeRecurring',
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

/** What a report holds, in a sentence (a catalogue key). */
export function reportDescription(name: TableName): MessageKey {
  return TABLES[name].describe;
}

/**
 * A report's rows and its CSV, for a range (what the export and the API answer). Column headers and
 * values that are identifiers stay English for machines; names people read (a step, a number's label)
 * are in the reader's language.
 */
export function reportTable(name: TableName, range: ReportRange, i18n: I18n, now: Date = new Date()) {
  const t = TABLES[name] as unknown as ReportTable<unknown>;
  const r = buildReports(range, now);
  return {
    describe: i18n.t(t.describe),
    rows: t.rows(r, i18n),
    csv: () => toCsv(t.rows(r, i18n), t.columns),
  };
}

const FUNNEL_STEPS = [
  ['requests', 'reports.stepRequests'],
  ['shown', 'reports.stepShown'],
  ['opened', 'reports.stepOpened'],
  ['solved', 'reports.stepSolved'],
  ['ticket', 'reports.stepTicket'],
] as const;

function funnelRows(r: Reports, i18n: I18n) {
  return FUNNEL_STEPS.map(([key, label]) => ({
    key,
    step: i18n.t(label),
    value: r.funnel[key],
    previous: r.funnelPrevious[key],
  }));
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
  return new Response(reportTable(name, range, locals.i18n).csv(), {
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
  definition: MessageKey;
  /** Said under the value: what it is made of, or how many it rests on. */
  note?: string;
};

/** The headline numbers, each beside the previous period's with the change and its direction, and its own definition. */
function headlineNumbers(r: Reports, i18n: I18n) {
  const { t } = i18n;
  const n = (v: number) => i18n.number(v);
  const percent = (v: number | null) => formatMeasure(i18n, 'rate', v);
  const d = r.deflection.total;
  const dp = r.deflectionPrevious.total;
  const q = r.queue;
  const qp = r.queuePrevious;
  const kpis: Kpi[] = [
    {
      key: 'confirmedRate',
      label: t('reports.kpiConfirmed'),
      kind: 'rate',
      better: 'higher',
      raw: d.confirmedRate,
      rawPrevious: dp.confirmedRate,
      definition: DEFINITIONS.confirmedRate,
      note: t('reports.noteConfirmed', { confirmed: n(d.confirmed), total: n(d.denominator) }),
    },
    {
      key: 'likelyRate',
      label: t('reports.kpiLikely'),
      kind: 'rate',
      better: 'higher',
      raw: d.likelyRate,
      rawPrevious: dp.likelyRate,
      definition: DEFINITIONS.likelyRate,
      note: t('reports.noteLikely', { likely: n(d.potential), total: n(d.denominator) }),
    },
    {
      key: 'deflectionRate',
      label: t('reports.kpiDeflection'),
      kind: 'rate',
      better: 'higher',
      raw: d.rate,
      rawPrevious: dp.rate,
      definition: DEFINITIONS.deflectionRate,
      note: t('reports.noteDeflection', {
        confirmed: percent(d.confirmedRate),
        likely: percent(d.likelyRate),
      }),
    },
    {
      key: 'selfService',
      label: t('reports.kpiSelfService'),
      kind: 'score',
      better: 'higher',
      raw: r.selfService.score,
      rawPrevious: r.selfServicePrevious.score,
      definition: DEFINITIONS.selfService,
    },
    {
      key: 'helpRequests',
      label: t('reports.kpiHelpRequests'),
      kind: 'count',
      better: 'neutral',
      raw: r.funnel.requests,
      rawPrevious: r.funnelPrevious.requests,
      definition: DEFINITIONS.helpRequests,
    },
    {
      key: 'ticketsCreated',
      label: t('reports.kpiTicketsCreated'),
      kind: 'count',
      better: 'lower',
      raw: q.created,
      rawPrevious: qp.created,
      definition: DEFINITIONS.ticketsCreated,
    },
    {
      key: 'backlog',
      label: t('reports.kpiBacklog'),
      kind: 'count',
      better: 'lower',
      raw: q.backlog,
      rawPrevious: qp.backlog,
      definition: DEFINITIONS.backlog,
    },
    {
      key: 'firstResponse',
      label: t('reports.kpiFirstResponse'),
      kind: 'minutes',
      better: 'lower',
      raw: q.firstResponse.median,
      rawPrevious: qp.firstResponse.median,
      definition: DEFINITIONS.firstResponse,
    },
    {
      key: 'resolution',
      label: t('reports.kpiResolution'),
      kind: 'minutes',
      better: 'lower',
      raw: q.resolution.median,
      rawPrevious: qp.resolution.median,
      definition: DEFINITIONS.resolution,
    },
    {
      key: 'reopenRate',
      label: t('reports.kpiReopen'),
      kind: 'rate',
      better: 'lower',
      raw: q.reopenRate,
      rawPrevious: qp.reopenRate,
      definition: DEFINITIONS.reopen,
      note: t('reports.noteReopen', { reopens: n(q.reopens), resolutions: n(q.resolutions) }),
    },
    {
      key: 'satisfaction',
      label: t('reports.kpiSatisfaction'),
      kind: 'rating',
      better: 'higher',
      raw: q.ratings.average,
      rawPrevious: qp.ratings.average,
      definition: DEFINITIONS.satisfaction,
      note: t('reports.noteRatings', { count: q.ratings.count }),
    },
  ];
  return kpis.map((k) => ({
    ...k,
    definition: t(k.definition),
    value: formatMeasure(i18n, k.kind, k.raw),
    previous: formatMeasure(i18n, k.kind, k.rawPrevious),
    change: compareWithPrevious(i18n, k.raw, k.rawPrevious, k.kind, k.better),
  }));
}

/** The charts of the page, as SVG with their data tables, in the reader's language. Trends plot whole weeks only. */
function charts(r: Reports, funnelData: ReturnType<typeof funnelRows>, i18n: I18n) {
  const { t } = i18n;
  const percent = (v: number | null) => formatMeasure(i18n, 'rate', v);
  const whole = r.weeks.map((w, i) => ({ w, i })).filter(({ w }) => !w.partial);
  const wholeLabels = whole.map(({ w }) => shortDay(i18n, w.label));
  const pick = <T>(values: T[]) => whole.map(({ i }) => values[i]!);
  return {
    wholeWeeks: whole.length,
    partialWeeks: r.weeks.filter((w) => w.partial),
    deflection: lineChart({
      i18n,
      unit: 'week',
      title: t('reports.chartDeflection'),
      xLabels: wholeLabels,
      yMax: 1,
      yFormat: (v) => i18n.percent(v),
      series: [
        {
          label: t('reports.seriesConfirmed'),
          values: pick(r.deflection.weekly.map((w) => w.confirmedRate)),
        },
        { label: t('reports.seriesLikely'), values: pick(r.deflection.weekly.map((w) => w.likelyRate)) },
        {
          label: t('reports.seriesBoth'),
          values: pick(r.deflection.weekly.map((w) => w.rate)),
          dashed: true,
        },
      ],
    }),
    funnel: horizontalBars({
      i18n,
      title: t('reports.chartFunnel'),
      rows: funnelData.map((s) => ({ label: s.step, value: s.value, display: i18n.number(s.value) })),
      max: Math.max(1, funnelData[0]!.value),
    }),
    volume: barChart({
      i18n,
      unit: 'week',
      title: t('reports.chartVolume'),
      xLabels: wholeLabels,
      series: [
        { label: t('reports.seriesCreated'), values: pick(r.queue.weekly.map((w) => w.created)) },
        { label: t('reports.seriesResolved'), values: pick(r.queue.weekly.map((w) => w.resolved)) },
      ],
    }),
    // A backlog is a count at an instant, so a partial week's point (the period's end, or now) is still a true one.
    backlog: lineChart({
      i18n,
      unit: 'week',
      title: t('reports.chartBacklog'),
      xLabels: r.weeks.map((w) => shortDay(i18n, w.label)),
      series: [{ label: t('reports.seriesOpenTickets'), values: r.queue.weekly.map((w) => w.backlog) }],
    }),
    sla: horizontalBars({
      i18n,
      title: t('reports.chartSla'),
      max: 1,
      rows: r.queue.sla.map((s) => ({
        label: `P${s.priority}`,
        value: s.resolutionRate ?? 0,
        display: s.resolutionTotal
          ? t('reports.slaBar', { rate: percent(s.resolutionRate), total: i18n.number(s.resolutionTotal) })
          : t('reports.slaNoResolutions'),
      })),
    }),
  };
}

/** A week's first day on a chart axis: "3 Mar", "3. März", "3 mar" (a calendar day, the same in every zone). */
function shortDay(i18n: I18n, day: string): string {
  return new Intl.DateTimeFormat(i18n.intlLocale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** How a week is marked in the tables: "partial: 3 of 7 days", "not over yet". */
export function weekMark(i18n: I18n, w: { days: number; partial: boolean }): string {
  if (!w.partial) return '';
  return w.days < 7 ? i18n.t('reports.markPartial', { days: w.days }) : i18n.t('reports.markNotOver');
}

/** /manage: every report for the chosen period, with charts (server-rendered SVG), tables and the comparison. */
export function managePage(locals: App.Locals, url: URL, now: Date = new Date()) {
  requirePerson(locals, ['manager', 'admin']);
  const { i18n } = locals;
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
  const funnelData = funnelRows(r, i18n);
  return {
    range,
    query: query.toString(),
    sort,
    kpis: headlineNumbers(r, i18n),
    /** The period ends after now: its last day's numbers are still coming in. */
    ongoing: Date.parse(range.to) > now.getTime(),
    definitions: Object.fromEntries(
      Object.entries(DEFINITIONS).map(([name, key]) => [name, i18n.t(key)]),
    ) as Record<keyof typeof DEFINITIONS, string>,
    percent: (v: number | null) => formatMeasure(i18n, 'rate', v),
    minutes: (v: number | null) => formatMeasure(i18n, 'minutes', v),
    score: (v: number | null) => formatMeasure(i18n, 'score', v),
    rating: (v: number | null) => formatMeasure(i18n, 'rating', v),
    number: (v: number) => i18n.number(v),
    /** A week's first day in the tables: "3 Mar 2025". */
    day: (iso: string) => i18n.calendarDay(iso, 'medium'),
    weekMark: (w: { days: number; partial: boolean }) => weekMark(i18n, w),
    categories: r.categories,
    deflection: r.deflection,
    channels: r.channels.map((c) => ({ ...c, label: i18n.t(CHANNEL_LABELS[c.channel]) })),
    incidents: incidentSection(r.incidents, i18n),
    charts: charts(r, funnelData, i18n),
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
