import { z } from 'zod';
import { sql, type Db } from '#lib/db/db.ts';

export type SlaTarget = { priority: number; firstResponseMinutes: number; resolutionMinutes: number };

export function getSlaTargets(db: Db): Map<number, SlaTarget> {
  const rows = sql(
    db,
    'SELECT priority, first_response_minutes AS firstResponseMinutes, resolution_minutes AS resolutionMinutes FROM sla_targets',
  ).all() as SlaTarget[];
  return new Map(rows.map((r) => [r.priority, r]));
}

export function setSlaTarget(db: Db, target: SlaTarget): void {
  sql(db, 'UPDATE sla_targets SET first_response_minutes = ?, resolution_minutes = ? WHERE priority = ?').run(
    target.firstResponseMinutes,
    target.resolutionMinutes,
    target.priority,
  );
}

/** Due times from a start, in calendar minutes. */
const Minutes = z.coerce
  .number({ error: 'Enter a number of minutes.' })
  .int('Use whole minutes.')
  .min(1, 'At least 1 minute.')
  .max(525_600, 'At most a year (525,600 minutes).');

/**
 * Replaces the targets of all four priorities at once, or none: `minutes(kind, priority)` gives what the
 * admin typed. Answers messages keyed `first-<p>` / `resolution-<p>` when something needs fixing.
 */
export function replaceSlaTargets(
  db: Db,
  minutes: (kind: 'first' | 'resolution', priority: number) => unknown,
): { ok: true } | { ok: false; errors: Record<string, string> } {
  const targets = [1, 2, 3, 4].map((priority) => ({
    priority,
    first: Minutes.safeParse(minutes('first', priority)),
    resolution: Minutes.safeParse(minutes('resolution', priority)),
  }));
  const errors: Record<string, string> = {};
  for (const { priority: p, first, resolution } of targets) {
    if (!first.success) errors[`first-${p}`] = `P${p} first response: ${first.error.issues[0]!.message}`;
    if (!resolution.success)
      errors[`resolution-${p}`] = `P${p} resolution: ${resolution.error.issues[0]!.message}`;
    if (first.success && resolution.success && first.data > resolution.data) {
      errors[`first-${p}`] = `P${p}: the first response cannot be due after the resolution.`;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  db.transaction(() => {
    for (const t of targets) {
      setSlaTarget(db, {
        priority: t.priority,
        firstResponseMinutes: t.first.data!,
        resolutionMinutes: t.resolution.data!,
      });
    }
  })();
  return { ok: true };
}

export function dueTimes(
  start: Date,
  target: SlaTarget,
): { firstResponseDueAt: string; resolutionDueAt: string } {
  return {
    firstResponseDueAt: new Date(start.getTime() + target.firstResponseMinutes * 60_000).toISOString(),
    resolutionDueAt: new Date(start.getTime() + target.resolutionMinutes * 60_000).toISOString(),
  };
}

/** Moves a due time later by the time a ticket spent waiting on its requester (the clock was paused). */
export function shiftDue(due: string | null, pausedMs: number): string | null {
  return due ? new Date(Date.parse(due) + pausedMs).toISOString() : null;
}

export type SlaState = 'ok' | 'warning' | 'breached' | 'met' | 'paused';

/**
 * Where a ticket stands against a target: amber ("warning") from 75 % of the allowed time used,
 * red ("breached") past the due time; "met" once done in time; "paused" while pending.
 */
export function slaState(
  input: {
    startedAt: string;
    dueAt: string | null;
    doneAt: string | null;
    pausedSince: string | null;
    pausedMs?: number;
  },
  now: Date = new Date(),
): SlaState {
  if (!input.dueAt) return 'ok';
  const due = Date.parse(input.dueAt);
  if (input.doneAt) return Date.parse(input.doneAt) <= due ? 'met' : 'breached';
  if (input.pausedSince) return 'paused';
  // Pending time moved the due time later; leave it out of both the time used and the time allowed.
  const start = Date.parse(input.startedAt) + (input.pausedMs ?? 0);
  const t = now.getTime();
  if (t >= due) return 'breached';
  return (t - start) / (due - start) >= 0.75 ? 'warning' : 'ok';
}
