import { describe, expect, it } from 'vitest';
import { affectedOverTime } from './incident-timeline.ts';

const at = (h: number, m = 0) =>
  new Date(Date.parse('2026-11-30T08:00:00.000Z') + h * 3_600_000 + m * 60_000);
const iso = (h: number, m = 0) => at(h, m).toISOString();

describe("an incident's affected count over time", () => {
  it('counts, at the end of each hour up to the resolution, everyone affected and every ticket linked so far', () => {
    const steps = affectedOverTime(
      { declaredAt: iso(0), resolvedAt: iso(2, 30) },
      [iso(0, 5), iso(0, 50), iso(1, 0), iso(2, 10)],
      [iso(0, 10), iso(2, 29)],
      at(5),
    );
    expect(steps).toEqual([
      { at: iso(0), affected: 0, tickets: 0, unit: 'hour' },
      { at: iso(1), affected: 3, tickets: 1, unit: 'hour' },
      { at: iso(2), affected: 3, tickets: 1, unit: 'hour' },
      { at: iso(2, 30), affected: 4, tickets: 2, unit: 'hour' },
    ]);
  });

  it('runs to now while open, and by day beyond two days', () => {
    const open = affectedOverTime({ declaredAt: iso(0), resolvedAt: null }, [iso(0, 1)], [], at(0, 20));
    expect(open).toEqual([
      { at: iso(0), affected: 0, tickets: 0, unit: 'hour' },
      { at: iso(0, 20), affected: 1, tickets: 0, unit: 'hour' },
    ]);
    const long = affectedOverTime(
      { declaredAt: iso(0), resolvedAt: iso(24 * 3 + 1) },
      [iso(30)],
      [],
      at(100),
    );
    expect(long.map((s) => [s.at, s.affected, s.unit])).toEqual([
      [iso(0), 0, 'day'],
      [iso(24), 0, 'day'],
      [iso(48), 1, 'day'],
      [iso(72), 1, 'day'],
      [iso(73), 1, 'day'],
    ]);
  });
});
