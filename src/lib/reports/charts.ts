/**
 * Server-rendered charts for the manager reports: inline SVG strings for `set:html`, no client JavaScript.
 * Colours are presentation attributes (the CSP allows no inline styles, and the charts must read without a
 * stylesheet); every text from the caller is XML-escaped; the page renders a data table beside each chart.
 * The chart's own words (its description, "no data") and default numbers are in the reader's language.
 */
import type { I18n } from '#lib/i18n/i18n.ts';

export type Series = { label: string; values: Array<number | null>; dashed?: boolean };

type ChartText = {
  title: string;
  description?: string;
  /** The reader: the chart's own words and numbers are in their language. */
  i18n: I18n;
};
/** What one step of the x axis is, for the description ("over 6 weeks"); guessed from ISO labels when not given. */
type PeriodUnit = 'week' | 'day' | 'month' | 'period';
type GridChartOptions = ChartText & {
  xLabels: string[];
  series: Series[];
  yFormat?: (v: number) => string;
  unit?: PeriodUnit;
  width?: number;
  height?: number;
};

/** Series colours, each at least 4.5:1 on white, so they also pass as text and as graphics (3:1). */
const PALETTE = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490'] as const;
const AXIS_TEXT = '#4b5563';
const LABEL_TEXT = '#1f2937';
const GRID = '#e5e7eb';
const BASELINE = '#6b7280';
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const FONT_SIZE = 12;
const MAX_X_LABELS = 8;
/** A point marker on every value only while they stay apart; beyond that only isolated values get one. */
const MAX_MARKED_POINTS = 26;

/** Line chart over labelled x positions (e.g. ISO weeks). Values may be null (gap). */
export function lineChart(opts: GridChartOptions & { yMax?: number }): string {
  return renderGridChart('line', opts);
}

/** Vertical grouped bar chart (e.g. created vs resolved per week). */
export function barChart(opts: GridChartOptions): string {
  return renderGridChart('bar', opts);
}

/** Horizontal bars with a value label at the end of each bar (funnel steps, SLA compliance per priority, workload per agent). */
export function horizontalBars(
  opts: ChartText & {
    rows: Array<{ label: string; value: number; display?: string }>;
    max?: number;
    width?: number;
  },
): string {
  const width = sizeOr(opts.width, 640);
  const rows = opts.rows.map((r) => ({
    label: r.label,
    value: Math.max(0, finite(r.value) ?? 0),
    display: r.display,
  }));
  const dataMax = Math.max(0, ...rows.map((r) => r.value));
  const max = Math.max(finite(opts.max) ?? 0, dataMax);
  const id = chartId('hbar', opts.title, JSON.stringify(opts.rows));
  if (rows.length === 0 || dataMax <= 0 || max <= 0) return renderEmpty(id, 'hbar', opts, width, 96);

  const shown = rows.map((r) => ({ ...r, display: r.display ?? defaultFormat(opts.i18n, r.value) }));
  const rowHeight = 32;
  const barHeight = 18;
  const padY = 8;
  const height = padY * 2 + shown.length * rowHeight;
  const labelWidth = Math.min(width * 0.38, Math.max(...shown.map((r) => textWidth(r.label))) + 12);
  const valueWidth = Math.max(...shown.map((r) => textWidth(r.display, true))) + 10;
  const barX = labelWidth;
  const barSpace = Math.max(1, width - labelWidth - valueWidth - 4);

  const parts: string[] = [];
  shown.forEach((row, i) => {
    const cy = padY + i * rowHeight + rowHeight / 2;
    const barWidth = (row.value / max) * barSpace;
    const label = truncate(row.label, Math.floor((labelWidth - 12) / charWidth()));
    parts.push(
      `<text x="0" y="${num(cy)}" dy="0.35em" fill="${LABEL_TEXT}">${label === row.label ? escapeXml(label) : `${escapeXml(label)}<title>${escapeXml(row.label)}</title>`}</text>`,
      `<rect class="bar" x="${num(barX)}" y="${num(cy - barHeight / 2)}" width="${num(barWidth)}" height="${barHeight}" rx="2" fill="${PALETTE[0]}"><title>${escapeXml(`${row.label}: ${row.display}`)}</title></rect>`,
      `<text x="${num(barX + barWidth + 6)}" y="${num(cy)}" dy="0.35em" fill="${LABEL_TEXT}" font-weight="600">${escapeXml(row.display)}</text>`,
    );
  });
  const desc = opts.description ?? describeRows(opts.i18n, shown);
  return svg(id, 'hbar', width, height, opts.title, desc, parts.join(''));
}

type GridKind = 'line' | 'bar';

function renderGridChart(kind: GridKind, opts: GridChartOptions & { yMax?: number }): string {
  const width = sizeOr(opts.width, 640);
  const height = sizeOr(opts.height, 280);
  const format = safeFormat(opts.i18n, opts.yFormat);
  const n = opts.xLabels.length;
  const series = opts.series.map((s) => ({ ...s, values: opts.xLabels.map((_, i) => finite(s.values[i])) }));
  const values = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const id = chartId(kind, opts.title, JSON.stringify([opts.xLabels, opts.series]));
  if (n === 0 || values.every((v) => v === 0)) return renderEmpty(id, kind, opts, width, height);

  const yMax = kind === 'line' ? finite(opts.yMax) : null;
  const scale = niceScale(
    Math.min(...values),
    Math.max(yMax ?? 0, ...values),
    yMax === null && values.every(Number.isInteger),
  );
  const tickLabels = scale.ticks.map(format);

  const left = Math.ceil(Math.max(...tickLabels.map((t) => textWidth(t)))) + 14;
  const xLabels = opts.xLabels.map((l) => truncate(l, 16));
  // The newest label is always shown, centred under its point; leave room so it is not clipped at the edge.
  const lastLabelHalf = textWidth(xLabels[n - 1] ?? '') / 2;
  const right = Math.max(12, Math.ceil(lastLabelHalf - (width - left - 12) / n / 2) + 4);
  const legend = series.length > 1 ? layoutLegend(series, kind, left, width - right) : { rows: 0, items: [] };
  const top = 12 + legend.rows * 20;
  const bottom = 30;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const band = plotW / n;
  const xAt = (i: number) => left + (i + 0.5) * band;
  const yAt = (v: number) => top + plotH - ((v - scale.min) / (scale.max - scale.min)) * plotH;

  const parts: string[] = [];
  scale.ticks.forEach((t, i) => {
    const y = yAt(t);
    parts.push(
      `<line x1="${num(left)}" x2="${num(width - right)}" y1="${num(y)}" y2="${num(y)}" stroke="${t === 0 ? BASELINE : GRID}" stroke-width="1" shape-rendering="crispEdges"/>`,
      `<text x="${num(left - 8)}" y="${num(y)}" dy="0.35em" text-anchor="end" fill="${AXIS_TEXT}">${escapeXml(tickLabels[i] ?? '')}</text>`,
    );
  });

  const widest = Math.max(...xLabels.map((l) => textWidth(l)));
  const fit = Math.max(1, Math.min(MAX_X_LABELS, Math.floor(plotW / (widest + 12))));
  const every = Math.ceil(n / fit);
  xLabels.forEach((label, i) => {
    // Count back from the newest period so the latest one always keeps its label.
    if ((n - 1 - i) % every !== 0) return;
    parts.push(
      `<text x="${num(xAt(i))}" y="${num(top + plotH + 18)}" text-anchor="middle" fill="${AXIS_TEXT}">${escapeXml(label)}</text>`,
    );
  });

  if (kind === 'line') {
    series.forEach((s, si) => parts.push(renderLine(s, si, { xAt, yAt, format, xLabels: opts.xLabels })));
  } else {
    const slots = series.length;
    const barWidth = Math.max(1, Math.min(40, (band * 0.75 - (slots - 1) * 2) / slots));
    const groupWidth = slots * barWidth + (slots - 1) * 2;
    const y0 = yAt(Math.max(scale.min, 0));
    series.forEach((s, si) => {
      const colour = colourOf(si);
      s.values.forEach((v, i) => {
        if (v === null) return;
        const x = xAt(i) - groupWidth / 2 + si * (barWidth + 2);
        const y = yAt(v);
        const tip = `<title>${escapeXml(`${s.label}, ${opts.xLabels[i] ?? ''}: ${format(v)}`)}</title>`;
        // A comparison bar is an outline with a dashed stroke, so it differs by more than colour.
        const paint = s.dashed
          ? `fill="#ffffff" stroke="${colour}" stroke-width="1.5" stroke-dasharray="4 2"`
          : `fill="${colour}"`;
        const inset = s.dashed ? 0.75 : 0;
        parts.push(
          `<rect class="bar" x="${num(x + inset)}" y="${num(Math.min(y, y0) + inset)}" width="${num(Math.max(0, barWidth - inset * 2))}" height="${num(Math.max(0, Math.abs(y0 - y) - inset * 2))}" ${paint}>${tip}</rect>`,
        );
      });
    });
  }

  parts.push(...legend.items.map((item) => item.markup));
  const desc =
    opts.description ??
    describeSeries(opts.i18n, series, opts.xLabels, format, kind, opts.unit ?? periodUnit(opts.xLabels));
  return svg(id, kind, width, height, opts.title, desc, parts.join(''));
}

function renderLine(
  s: { label: string; values: Array<number | null>; dashed?: boolean },
  index: number,
  at: {
    xAt: (i: number) => number;
    yAt: (v: number) => number;
    format: (v: number) => string;
    xLabels: string[];
  },
): string {
  const colour = colourOf(index);
  let d = '';
  let penDown = false;
  s.values.forEach((v, i) => {
    if (v === null) {
      penDown = false;
      return;
    }
    d += `${penDown ? 'L' : 'M'}${num(at.xAt(i))} ${num(at.yAt(v))}`;
    penDown = true;
  });
  const dash = s.dashed ? ' stroke-dasharray="6 5"' : '';
  const out = [
    `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"${dash}/>`,
  ];
  const markAll = s.values.length <= MAX_MARKED_POINTS;
  s.values.forEach((v, i) => {
    if (v === null) return;
    const isolated = (s.values[i - 1] ?? null) === null && (s.values[i + 1] ?? null) === null;
    if (!markAll && !isolated) return;
    const fill = s.dashed ? '#ffffff' : colour;
    out.push(
      `<circle cx="${num(at.xAt(i))}" cy="${num(at.yAt(v))}" r="3.5" fill="${fill}" stroke="${colour}" stroke-width="2"><title>${escapeXml(`${s.label}, ${at.xLabels[i] ?? ''}: ${at.format(v)}`)}</title></circle>`,
    );
  });
  return `<g class="series">${out.join('')}</g>`;
}

type LegendItem = { markup: string };

/** Legend entries flow left to right above the plot and wrap onto more rows when they do not fit. */
function layoutLegend(
  series: Series[],
  kind: GridKind,
  startX: number,
  endX: number,
): { rows: number; items: LegendItem[] } {
  const items: LegendItem[] = [];
  let x = startX;
  let row = 0;
  series.forEach((s, si) => {
    const label = truncate(s.label, 40);
    const itemWidth = 24 + textWidth(label) + 18;
    if (x > startX && x + itemWidth > endX) {
      row += 1;
      x = startX;
    }
    const cy = 12 + row * 20;
    const colour = colourOf(si);
    let sample: string;
    if (kind === 'line') {
      const dash = s.dashed ? ' stroke-dasharray="6 5"' : '';
      sample = `<line x1="${num(x)}" x2="${num(x + 18)}" y1="${num(cy)}" y2="${num(cy)}" stroke="${colour}" stroke-width="2.5" stroke-linecap="round"${dash}/>`;
    } else {
      const paint = s.dashed
        ? `fill="#ffffff" stroke="${colour}" stroke-width="1.5" stroke-dasharray="4 2"`
        : `fill="${colour}"`;
      sample = `<rect x="${num(x + 3.75)}" y="${num(cy - 5.25)}" width="10.5" height="10.5" ${paint}/>`;
    }
    items.push({
      markup: `<g class="legend-item">${sample}<text x="${num(x + 24)}" y="${num(cy)}" dy="0.35em" fill="${LABEL_TEXT}">${escapeXml(label)}</text></g>`,
    });
    x += itemWidth;
  });
  return { rows: row + 1, items };
}

function renderEmpty(id: string, kind: string, text: ChartText, width: number, height: number): string {
  const noData = text.i18n.t('reports.chartNoData');
  const desc = text.description ? `${text.description} ${noData}.` : `${noData}.`;
  const body =
    `<rect x="0.5" y="0.5" width="${num(width - 1)}" height="${num(height - 1)}" rx="4" fill="#f9fafb" stroke="${GRID}"/>` +
    `<text x="${num(width / 2)}" y="${num(height / 2)}" dy="0.35em" text-anchor="middle" fill="${AXIS_TEXT}" font-size="14">${escapeXml(noData)}</text>`;
  return svg(id, `${kind} chart-empty`, width, height, text.title, desc, body);
}

function svg(
  id: string,
  kind: string,
  width: number,
  height: number,
  title: string,
  desc: string,
  body: string,
): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${num(width)} ${num(height)}" width="100%" class="chart chart-${kind}" font-family="${FONT}" font-size="${FONT_SIZE}">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>${body}</svg>`
  );
}

/** Words for the <desc> when the caller gave none: what is plotted, over which periods, and where each series went. */
function describeSeries(
  i18n: I18n,
  series: Array<{ label: string; values: Array<number | null> }>,
  xLabels: string[],
  format: (v: number) => string,
  kind: GridKind,
  unit: PeriodUnit,
): string {
  const n = xLabels.length;
  const head = i18n.t('reports.chartHead', { series: series.length, count: n, unit });
  const span =
    n > 1
      ? i18n.t('reports.chartSpan', { head, first: xLabels[0] ?? '', last: xLabels[n - 1] ?? '' })
      : i18n.t('reports.chartSpanOne', { head, first: xLabels[0] ?? '' });
  const parts = series.map((s) => {
    const points = s.values.flatMap((v, i) => (v === null ? [] : [{ v, at: xLabels[i] ?? '' }]));
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last) return i18n.t('reports.chartSeriesEmpty', { label: s.label });
    if (points.length === 1)
      return i18n.t('reports.chartSeriesOne', { label: s.label, value: format(first.v), at: first.at });
    const peak = points.reduce((a, b) => (b.v > a.v ? b : a));
    const text = i18n.t('reports.chartSeriesTrend', {
      label: s.label,
      first: format(first.v),
      last: format(last.v),
      peak: format(peak.v),
      at: peak.at,
    });
    return kind === 'bar' && points.every((p) => Number.isInteger(p.v))
      ? i18n.t('reports.chartSeriesTotal', { text, total: format(points.reduce((sum, p) => sum + p.v, 0)) })
      : text;
  });
  return `${[span, ...parts].join('; ')}.`;
}

function describeRows(i18n: I18n, rows: Array<{ label: string; display: string }>): string {
  const listed = rows
    .slice(0, 12)
    .map((r) => `${r.label}: ${r.display}`)
    .join('; ');
  const text =
    rows.length > 12 ? i18n.t('reports.chartMore', { text: listed, count: rows.length - 12 }) : listed;
  return `${text}.`;
}

function periodUnit(labels: string[]): PeriodUnit {
  return labels.every((l) => /^\d{4}-W\d{2}$/.test(l))
    ? 'week'
    : labels.every((l) => /^\d{4}-\d{2}-\d{2}$/.test(l))
      ? 'day'
      : labels.every((l) => /^\d{4}-\d{2}$/.test(l))
        ? 'month'
        : 'period';
}

type Scale = { min: number; max: number; ticks: number[] };

/** Axis bounds on round steps (1, 2, 2.5, 5 × 10ⁿ), about four intervals, always including zero. */
export function niceScale(dataMin: number, dataMax: number, integersOnly = false): Scale {
  const lo = Math.min(0, dataMin);
  let hi = Math.max(0, dataMax);
  if (hi === lo) hi = lo + 1;
  const raw = (hi - lo) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const candidates = integersOnly && magnitude <= 1 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  let step = magnitude * (candidates.find((c) => c * magnitude >= raw * (1 - 1e-9)) ?? 10);
  if (integersOnly) step = Math.max(1, step);
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; i <= Math.round((max - min) / step); i++)
    ticks.push(Number((min + i * step).toPrecision(12)));
  return { min: ticks[0] ?? min, max: ticks[ticks.length - 1] ?? max, ticks };
}

/** XML-escapes text for element content and double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function defaultFormat(i18n: I18n, v: number): string {
  return i18n.number(v, { maximumFractionDigits: 2 });
}

/** A caller's formatter that returns junk for some value must not put "NaN" or "undefined" into the chart. */
function safeFormat(i18n: I18n, format: ((v: number) => string) | undefined): (v: number) => string {
  if (!format) return (v) => defaultFormat(i18n, v);
  return (v) => {
    const out = format(v);
    return typeof out === 'string' ? out : defaultFormat(i18n, v);
  };
}

/** Coordinates rounded to one decimal keep the markup small; anything non-finite becomes 0. */
function num(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Number.isFinite(r) ? String(r === 0 ? 0 : r) : '0';
}

function finite(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function sizeOr(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 120 ? v : fallback;
}

function colourOf(index: number): string {
  return PALETTE[index % PALETTE.length] ?? PALETTE[0];
}

/** Rough width of a label in the chart font; SVG text cannot be measured on the server. */
function textWidth(text: string, bold = false): number {
  return text.length * charWidth() * (bold ? 1.08 : 1);
}

function charWidth(): number {
  return FONT_SIZE * 0.6;
}

function truncate(text: string, maxChars: number): string {
  const chars = Array.from(text);
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}

/** Deterministic per content, so tests and repeated renders agree and two charts on a page rarely collide. */
function chartId(kind: string, title: string, data: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${kind}\u0000${title}\u0000${data}`) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `chart-${h.toString(36)}`;
}
