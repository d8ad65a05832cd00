import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadContent } from '#lib/content/load.ts';
import type { SlaTarget } from '#lib/tickets/sla.ts';
import { planDemoHistory, type PlanInput } from './plan.ts';

const content = loadContent(fileURLToPath(new URL('../../../content', import.meta.url)));
const slaTargets = new Map<number, SlaTarget>([
  [1, { priority: 1, firstResponseMinutes: 15, resolutionMinutes: 240, clock: 'calendar', calendarId: null }],
  [2, { priority: 2, firstResponseMinutes: 60, resolutionMinutes: 480, clock: 'calendar', calendarId: null }],
  [
    3,
    { priority: 3, firstResponseMinutes: 240, resolutionMinutes: 4320, clock: 'calendar', calendarId: null },
  ],
  [
    4,
    { priority: 4, firstResponseMinutes: 480, resolutionMinutes: 7200, clock: 'calendar', calendarId: null },
  ],
]);

const plan = (changes: Partial<PlanInput> = {}) =>
  planDemoHistory({
    days: 30,
    requests: 1500,
    tickets: 200,
    seed: 7,
    now: new Date('2026-11-20T12:00:00.000Z'),
    articles: content.articles,
    categories: content.categories.map((c) => c.slug),
    slaTargets,
    autoCloseDays: 5,
    ...changes,
  });

describe('planDemoHistory', () => {
  it('plans the same history for the same seed, and another one for another seed', () => {
    const a = plan();
    expect(plan()).toEqual(a);
    expect(plan({ seed: 8 })).not.toEqual(a);
    // Plain data: it survives JSON unchanged (no dates, functions or shared state).
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('plans as many requests and tickets as asked, inside the period', () => {
    const p = plan();
    expect(p.requests).toHaveLength(1500);
    expect(p.tickets).toHaveLength(200);
    expect(p.end - p.start).toBe(30 * 86_400_000);
    expect(p.requests.every((r) => r.at >= p.start && r.at <= p.end)).toBe(true);
    expect(
      p.tickets.every((t) => t.at >= p.start && t.at <= p.end && t.life.timeline.every((e) => e.at <= p.end)),
    ).toBe(true);
    // Requests and the tickets filed from them point at each other.
    p.tickets.forEach((t, i) => {
      if (t.request !== null) expect(p.requests[t.request]!.ticket).toBe(i);
    });
    expect(p.requests.filter((r) => r.ticket !== null)).toHaveLength(
      p.tickets.filter((t) => t.request !== null).length,
    );
  });

  it('suggests only articles employees can read', () => {
    const readable = new Set(
      content.articles
        .filter((a) => a.status === 'published' && a.audience === 'employees')
        .map((a) => a.slug),
    );
    const suggested = new Set(plan().requests.flatMap((r) => r.shown));
    expect([...suggested].filter((slug) => !readable.has(slug))).toEqual([]);
  });
});
