import { describe, expect, it } from 'vitest';
import {
  countedBetween,
  explainClock,
  instantAfter,
  parseWorkingHours,
  type BusinessCalendar,
  type Clock,
} from './business-time.ts';

const H = 3_600_000;
const office = (holidays: Record<string, string> = {}): BusinessCalendar => {
  const day = [
    { start: 8 * 60, end: 12 * 60 },
    { start: 13 * 60, end: 17 * 60 },
  ];
  return {
    timeZone: 'Europe/Berlin',
    week: [[], day, day, day, day, day, []],
    holidays: new Map(Object.entries(holidays)),
  };
};
const business = (calendar: BusinessCalendar): Clock => ({ kind: 'business', calendar });
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('business time', () => {
  it('counts only working hours, skipping the lunch break', () => {
    // Tuesday 1 December 2026, 11:00 in Berlin (CET, UTC+1): 1 h before lunch, 2 h after.
    expect(iso(instantAfter(business(office()), at('2026-12-01T10:00:00Z'), 3 * H, []))).toBe(
      '2026-12-01T14:00:00.000Z',
    );
  });

  it('starts the clock at the next working minute for a ticket opened outside hours', () => {
    // Saturday 10:00: nothing counts until Monday 08:00, so 1 h is due Monday 09:00 (08:00 UTC).
    expect(iso(instantAfter(business(office()), at('2026-11-28T09:00:00Z'), H, []))).toBe(
      '2026-11-30T08:00:00.000Z',
    );
    // Opened in the lunch break at 12:30: the hour runs 13:00–14:00.
    expect(iso(instantAfter(business(office()), at('2026-12-01T11:30:00Z'), H, []))).toBe(
      '2026-12-01T13:00:00.000Z',
    );
  });

  it('follows the zone through the end of daylight saving time', () => {
    // Friday 23 October 2026 16:00 CEST (UTC+2); the clocks go back on Sunday the 25th.
    // 1 h on Friday, 1 h on Monday 26th from 08:00 CET (UTC+1): due 09:00 CET = 08:00 UTC.
    expect(iso(instantAfter(business(office()), at('2026-10-23T14:00:00Z'), 2 * H, []))).toBe(
      '2026-10-26T08:00:00.000Z',
    );
  });

  it('counts real minutes on the night the clocks go forward', () => {
    // Sunday 29 March 2026 in Berlin: 02:00 becomes 03:00, so a window 01:00–04:00 holds 2 real hours.
    const night: BusinessCalendar = {
      timeZone: 'Europe/Berlin',
      week: [[{ start: 60, end: 240 }], [], [], [], [], [], []],
      holidays: new Map(),
    };
    expect(countedBetween(business(night), at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'), [])).toBe(
      2 * H,
    );
    // Round the clock, 24 counted hours from Saturday noon end when 24 real hours have passed.
    const always: BusinessCalendar = {
      timeZone: 'Europe/Berlin',
      week: Array.from({ length: 7 }, () => [{ start: 0, end: 1440 }]),
      holidays: new Map(),
    };
    expect(iso(instantAfter(business(always), at('2026-03-28T11:00:00Z'), 24 * H, []))).toBe(
      '2026-03-29T11:00:00.000Z',
    );
  });

  it('skips holidays', () => {
    // Wednesday 23 December 16:00 CET, 4 h: 1 h that day, 24th to 27th closed, 3 h on Monday the 28th.
    const calendar = office({ '2026-12-24': 'Christmas Eve', '2026-12-25': 'Christmas Day' });
    expect(iso(instantAfter(business(calendar), at('2026-12-23T15:00:00Z'), 4 * H, []))).toBe(
      '2026-12-28T10:00:00.000Z',
    );
  });

  it('leaves out a pending pause across a weekend', () => {
    // Friday 27 November 16:00 CET, 8 h. Pending from Friday 16:30 to Monday 10:00:
    // 30 min Friday, Monday 10:00–12:00 and 13:00–17:00 (6 h), then 1.5 h Tuesday: due 09:30 CET.
    const pause = [{ start: at('2026-11-27T15:30:00Z'), end: at('2026-11-30T09:00:00Z') }];
    const clock = business(office());
    expect(iso(instantAfter(clock, at('2026-11-27T15:00:00Z'), 8 * H, pause))).toBe(
      '2026-12-01T08:30:00.000Z',
    );
    // Without the pause Monday 16:00.
    expect(iso(instantAfter(clock, at('2026-11-27T15:00:00Z'), 8 * H, []))).toBe('2026-11-30T15:00:00.000Z');
    // Calendar time only loses the pause itself.
    expect(iso(instantAfter({ kind: 'calendar' }, at('2026-11-27T15:00:00Z'), 8 * H, pause))).toBe(
      '2026-11-30T16:30:00.000Z',
    );
  });

  it('never reaches a due time on a calendar without working hours', () => {
    const closed: BusinessCalendar = {
      timeZone: 'UTC',
      week: [[], [], [], [], [], [], []],
      holidays: new Map(),
    };
    expect(instantAfter(business(closed), at('2026-11-27T15:00:00Z'), H, [])).toBeNull();
  });

  it('explains which minutes counted', () => {
    // The example: opened Friday 17:40 on a desk open until 18:00, paused Monday 08:00–10:00.
    const calendar: BusinessCalendar = {
      ...office(),
      week: [[], ...Array.from({ length: 5 }, () => [{ start: 8 * 60, end: 18 * 60 }]), []],
    };
    const segments = explainClock(
      business(calendar),
      at('2026-11-27T16:40:00Z'),
      at('2026-11-30T11:00:00Z'),
      [{ start: at('2026-11-30T07:00:00Z'), end: at('2026-11-30T09:00:00Z') }],
    );
    expect(segments.map((s) => [s.kind, iso(s.start), iso(s.end)])).toEqual([
      ['counted', '2026-11-27T16:40:00.000Z', '2026-11-27T17:00:00.000Z'],
      ['closed', '2026-11-27T17:00:00.000Z', '2026-11-30T07:00:00.000Z'],
      ['paused', '2026-11-30T07:00:00.000Z', '2026-11-30T09:00:00.000Z'],
      ['counted', '2026-11-30T09:00:00.000Z', '2026-11-30T11:00:00.000Z'],
    ]);
    const holiday = explainClock(
      business(office({ '2026-12-24': 'Christmas Eve' })),
      at('2026-12-23T15:00:00Z'),
      at('2026-12-28T08:00:00Z'),
      [],
    );
    expect(holiday[1]).toMatchObject({ kind: 'closed', holidays: ['Christmas Eve'] });
  });

  it('reads working hours as people write them', () => {
    expect(parseWorkingHours('08:00-12:00, 13:00-17:00')).toEqual({
      ok: true,
      windows: [
        { start: 480, end: 720 },
        { start: 780, end: 1020 },
      ],
    });
    expect(parseWorkingHours('closed')).toEqual({ ok: true, windows: [] });
    expect(parseWorkingHours('00:00-24:00')).toEqual({ ok: true, windows: [{ start: 0, end: 1440 }] });
    expect(parseWorkingHours('9-5')).toMatchObject({ ok: false });
    expect(parseWorkingHours('12:00-08:00')).toMatchObject({
      ok: false,
      error: { key: 'admin.hoursOrder', values: { text: '12:00-08:00' } },
    });
    expect(parseWorkingHours('geschlossen')).toEqual({ ok: true, windows: [] });
    expect(parseWorkingHours('08:00-13:00, 12:00-17:00')).toMatchObject({ ok: false });
  });
});
