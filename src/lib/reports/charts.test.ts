import { describe, expect, it } from 'vitest';
import { createI18n } from '#lib/i18n/i18n.ts';
import { barChart, horizontalBars, lineChart, niceScale } from './charts.ts';

const i18n = createI18n('en', 'UTC');

const weeks = Array.from({ length: 12 }, (_, i) => `2026-W${String(i + 1).padStart(2, '0')}`);
const percent = (v: number) => `${Math.round(v * 100)}%`;
const hostile = `<script>alert("x")</script> & 'quotes'`;

/** Element nesting must balance, so escaped text cannot have opened or closed an element. */
function elementNames(svg: string): string[] {
  const stack: string[] = [];
  const opened: string[] = [];
  for (const [, close, name, selfClose] of svg.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^<>]*?(\/?)>/g)) {
    if (close) expect(stack.pop()).toBe(name);
    else {
      opened.push(name!);
      if (!selfClose) stack.push(name!);
    }
  }
  expect(stack).toEqual([]);
  return opened;
}

const count = (svg: string, needle: RegExp) => svg.match(needle)?.length ?? 0;

function expectNoBadNumbers(svg: string) {
  expect(svg).not.toMatch(/NaN|Infinity|undefined/);
}

describe('accessible SVG shell', () => {
  it('is an image named by its title and described by its desc, with matching ids', () => {
    const svg = lineChart({
      i18n,
      title: 'Deflection rate',
      xLabels: weeks,
      series: [{ label: 'Rate', values: weeks.map(() => 0.5) }],
    });
    const [, id] = svg.match(/aria-labelledby="(chart-[a-z0-9]+)-title \1-desc"/) ?? [];
    expect(id).toBeTruthy();
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*viewBox="0 0 640 280"[^>]*width="100%"/);
    expect(svg).toContain(`<title id="${id}-title">Deflection rate</title>`);
    expect(svg).toContain(`<desc id="${id}-desc">`);
    expect(svg).not.toContain('style=');
  });

  it('gives the same chart the same id and different charts different ids', () => {
    const a = (title: string) =>
      barChart({ i18n, title, xLabels: ['a'], series: [{ label: 's', values: [1] }] });
    const id = (svg: string) => svg.match(/<title id="([^"]+)"/)?.[1];
    expect(id(a('Tickets'))).toBe(id(a('Tickets')));
    expect(id(a('Tickets'))).not.toBe(id(a('Backlog')));
  });

  it('escapes hostile titles, descriptions, labels and formatted values everywhere', () => {
    const charts = [
      lineChart({
        i18n,
        title: hostile,
        xLabels: [hostile, 'b'],
        series: [
          { label: hostile, values: [1, 2] },
          { label: 'b', values: [2, 1] },
        ],
        yFormat: () => hostile,
      }),
      barChart({
        i18n,
        title: hostile,
        description: hostile,
        xLabels: [hostile],
        series: [{ label: hostile, values: [3] }],
      }),
      horizontalBars({ i18n, title: hostile, rows: [{ label: hostile, value: 2, display: hostile }] }),
      lineChart({ i18n, title: hostile, description: hostile, xLabels: [], series: [] }),
    ];
    for (const svg of charts) {
      expect(svg).not.toContain('<script');
      expect(svg).not.toContain(`"x"`);
      expect(svg).not.toContain(`'quotes'`);
      expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
      expect(new Set(elementNames(svg))).not.toContain('script');
    }
  });
});

describe('empty data', () => {
  const cases: Array<[string, string]> = [
    ['no x labels', lineChart({ i18n, title: 'Rate', xLabels: [], series: [{ label: 'Rate', values: [] }] })],
    ['no series', barChart({ i18n, title: 'Tickets', xLabels: weeks, series: [] })],
    [
      'all null',
      lineChart({
        i18n,
        title: 'Rate',
        xLabels: weeks,
        series: [{ label: 'Rate', values: weeks.map(() => null) }],
        yMax: 1,
      }),
    ],
    [
      'all zero',
      barChart({
        i18n,
        title: 'Tickets',
        xLabels: weeks,
        series: [
          { label: 'Created', values: weeks.map(() => 0) },
          { label: 'Resolved', values: weeks.map(() => 0) },
        ],
      }),
    ],
    [
      'non-finite values',
      lineChart({
        i18n,
        title: 'Rate',
        xLabels: ['a', 'b'],
        series: [{ label: 'Rate', values: [Number.NaN, Number.POSITIVE_INFINITY] }],
      }),
    ],
    ['no rows', horizontalBars({ i18n, title: 'Funnel', rows: [] })],
    [
      'zero rows',
      horizontalBars({
        i18n,
        title: 'Funnel',
        rows: [
          { label: 'Searched', value: 0 },
          { label: 'Filed', value: 0 },
        ],
      }),
    ],
  ];
  it.each(cases)('with %s renders a valid chart saying so, without NaN or Infinity', (_, svg) => {
    expect(svg).toContain('>No data in this period</text>');
    expect(svg).toMatch(/<desc id="[^"]+">No data in this period\.<\/desc>/);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(count(svg, /class="bar"/g)).toBe(0);
    expectNoBadNumbers(svg);
    elementNames(svg);
  });

  it('keeps a given description and adds that there is no data', () => {
    expect(
      horizontalBars({ i18n, title: 'Funnel', description: 'Help requests by step.', rows: [] }),
    ).toContain('Help requests by step. No data in this period.</desc>');
  });

  it('draws a single point, a single week and a single non-zero value without NaN', () => {
    for (const svg of [
      lineChart({ i18n, title: 'One', xLabels: ['2026-W01'], series: [{ label: 'Rate', values: [0.4] }] }),
      lineChart({
        i18n,
        title: 'Gap',
        xLabels: ['a', 'b', 'c'],
        series: [{ label: 'Rate', values: [null, 0.4, null] }],
        yMax: 1,
      }),
      barChart({ i18n, title: 'Mixed', xLabels: ['a', 'b'], series: [{ label: 'Created', values: [0, 5] }] }),
      horizontalBars({
        i18n,
        title: 'One',
        rows: [
          { label: 'P1', value: 0 },
          { label: 'P2', value: 1 },
        ],
      }),
    ]) {
      expect(svg).not.toContain('No data');
      expectNoBadNumbers(svg);
      elementNames(svg);
    }
  });
});

describe('lineChart', () => {
  const twoSeries = lineChart({
    i18n,
    title: 'Deflection rate',
    xLabels: weeks,
    series: [
      { label: 'Deflection rate', values: weeks.map((_, i) => 0.41 + (i * 0.14) / 11) },
      {
        label: 'Previous 12 weeks',
        values: weeks.map((_, i) => (i === 4 ? null : 0.38 + i * 0.002)),
        dashed: true,
      },
    ],
    yFormat: percent,
    yMax: 1,
  });

  it('shows a legend naming both series, with a dashed sample for the dashed one', () => {
    const legend = twoSeries.match(/<g class="legend-item">.*?<\/g>/g) ?? [];
    expect(legend).toHaveLength(2);
    expect(legend[0]).toContain('>Deflection rate</text>');
    expect(legend[0]).not.toContain('stroke-dasharray');
    expect(legend[1]).toContain('>Previous 12 weeks</text>');
    expect(legend[1]).toContain('stroke-dasharray');
  });

  it('draws the comparison series dashed and the main one solid', () => {
    const paths = twoSeries.match(/<path [^>]*>/g) ?? [];
    expect(paths).toHaveLength(2);
    expect(paths[0]).not.toContain('stroke-dasharray');
    expect(paths[1]).toContain('stroke-dasharray="6 5"');
  });

  it('breaks the line at a null value instead of drawing through it', () => {
    const dashedPath = twoSeries.match(/<path [^>]*stroke-dasharray[^>]*>/)?.[0] ?? '';
    expect(count(dashedPath, /M/g)).toBe(2);
    expect(count(twoSeries, /<circle /g)).toBe(12 + 11);
  });

  it('puts the y axis on round steps up to yMax, formatted by the caller', () => {
    const ticks = Array.from(twoSeries.matchAll(/text-anchor="end" fill="#4b5563">([^<]+)</g), (m) => m[1]);
    expect(ticks).toEqual(['0%', '25%', '50%', '75%', '100%']);
  });

  it('summarises the data in words when no description is given', () => {
    expect(twoSeries).toContain(
      '2 series over 12 weeks (2026-W01 to 2026-W12); Deflection rate from 41% to 55%, highest 55% in 2026-W12; Previous 12 weeks from 38% to 40%',
    );
  });

  it('has no legend for a single series', () => {
    expect(
      lineChart({
        i18n,
        title: 'Rate',
        xLabels: weeks,
        series: [{ label: 'Rate', values: weeks.map(() => 1) }],
      }),
    ).not.toContain('legend-item');
  });

  it('shows at most eight x labels, always the newest one', () => {
    const many = Array.from({ length: 52 }, (_, i) => `2026-W${String(i + 1).padStart(2, '0')}`);
    const svg = lineChart({
      i18n,
      title: 'Year',
      xLabels: many,
      series: [{ label: 'Rate', values: many.map((_, i) => i) }],
    });
    const shown = Array.from(svg.matchAll(/text-anchor="middle" fill="#4b5563">([^<]+)</g), (m) => m[1]);
    expect(shown.length).toBeLessThanOrEqual(8);
    expect(shown.length).toBeGreaterThanOrEqual(4);
    expect(shown.at(-1)).toBe('2026-W52');
  });

  it('keeps coordinates to one decimal', () => {
    const svg = lineChart({
      i18n,
      title: 'Odd',
      xLabels: ['a', 'b', 'c'],
      series: [{ label: 'x', values: [1 / 3, 2 / 3, 0.123456] }],
      width: 333,
    });
    const coordinates = Array.from(
      svg.matchAll(/ (?:x|y|x1|x2|y1|y2|cx|cy|width|height|d)="([^"]*)"/g),
      (m) => m[1],
    ).join(' ');
    expect(coordinates).toMatch(/\d\.\d/);
    expect(coordinates).not.toMatch(/\d\.\d{2,}/);
  });
});

describe('barChart', () => {
  const created = [12, 15, 9, 20, null, 18];
  const resolved = [10, 14, 11, 19, 3, 17];
  const svg = barChart({
    i18n,
    title: 'Tickets created and resolved',
    xLabels: weeks.slice(0, 6),
    series: [
      { label: 'Created', values: created },
      { label: 'Resolved', values: resolved, dashed: true },
    ],
  });

  it('draws one bar per value and none for a missing one', () => {
    expect(count(svg, /<rect class="bar"/g)).toBe(11);
  });

  it('draws comparison bars as dashed outlines and names both series in a legend', () => {
    const bars = svg.match(/<rect class="bar"[^>]*>/g) ?? [];
    expect(bars.filter((b) => b.includes('stroke-dasharray'))).toHaveLength(6);
    expect(svg).toContain('>Created</text>');
    expect(svg).toContain('>Resolved</text>');
  });

  it('labels each bar for pointer users and uses whole-number ticks for counts', () => {
    expect(svg).toContain('<title>Created, 2026-W04: 20</title>');
    const ticks = Array.from(svg.matchAll(/text-anchor="end" fill="#4b5563">([^<]+)</g), (m) => m[1]);
    expect(ticks).toEqual(['0', '5', '10', '15', '20']);
  });

  it('summarises totals in words', () => {
    expect(svg).toContain('Created from 12 to 18, highest 20 in 2026-W04, total 74');
  });
});

describe('horizontalBars', () => {
  const svg = horizontalBars({
    i18n,
    title: 'Help request funnel',
    rows: [
      { label: 'Searched', value: 1200, display: '1,200 (100%)' },
      { label: 'Opened an article', value: 640, display: '640 (53%)' },
      { label: 'Filed a ticket', value: 180 },
    ],
  });

  it('draws one bar per row with its value label at the end', () => {
    expect(count(svg, /<rect class="bar"/g)).toBe(3);
    expect(svg).toContain('>1,200 (100%)</text>');
    expect(svg).toContain('>180</text>');
  });

  it('scales bars to the largest value, or to the given max', () => {
    const widths = Array.from(svg.matchAll(/<rect class="bar"[^>]*width="([\d.]+)"/g), (m) => Number(m[1]));
    expect(widths[1]! / widths[0]!).toBeCloseTo(640 / 1200, 2);
    const sla = (max?: number) =>
      horizontalBars({
        i18n,
        title: 'SLA',
        rows: [
          { label: 'P1', value: 50 },
          { label: 'P2', value: 25 },
        ],
        max,
      });
    const slaWidths = (svg: string) =>
      Array.from(svg.matchAll(/<rect class="bar"[^>]*width="([\d.]+)"/g), (m) => Number(m[1]));
    const [full, quarter] = slaWidths(sla(100));
    expect(slaWidths(sla())[0]! / full!).toBeCloseTo(2, 1);
    expect(full! / quarter!).toBeCloseTo(2, 1);
  });

  it('lists the rows in its description', () => {
    expect(svg).toContain(
      'Searched: 1,200 (100%); Opened an article: 640 (53%); Filed a ticket: 180.</desc>',
    );
  });
});

describe('niceScale', () => {
  it('picks round steps that cover the data from zero', () => {
    expect(niceScale(0, 1).ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceScale(0, 100).ticks).toEqual([0, 25, 50, 75, 100]);
    expect(niceScale(0, 45).ticks).toEqual([0, 20, 40, 60]);
    expect(niceScale(0, 3, true).ticks).toEqual([0, 1, 2, 3]);
    expect(niceScale(0, 0.3).ticks).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceScale(-5, 10).ticks).toEqual([-5, 0, 5, 10]);
  });
});

describe('in the reader’s language', () => {
  const de = createI18n('de', 'UTC');
  it('says there is no data, describes the series and formats default numbers in German', () => {
    expect(horizontalBars({ i18n: de, title: 'Trichter', rows: [] })).toContain(
      '>Keine Daten in diesem Zeitraum</text>',
    );
    const svg = barChart({
      i18n: de,
      title: 'Tickets',
      unit: 'week',
      xLabels: ['3. März', '10. März'],
      series: [{ label: 'Erstellt', values: [1200, 1500] }],
    });
    expect(svg).toContain(
      '1 Datenreihe über 2 Wochen (3. März bis 10. März); Erstellt von 1.200 auf 1.500, Höchstwert 1.500 (10. März), insgesamt 2.700.',
    );
  });
});
