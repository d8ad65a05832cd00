import type { SlaExplanation } from '#lib/tickets/sla.ts';
import { formatDuration, formatMinutes } from './presentation.ts';

/** The most stretches "How is this SLA counted?" lists (the latest ones; a long-open ticket has many). */
const MAX_LINES = 40;

export type SlaClockView = {
  summary: string;
  counted: string;
  lines: Array<{ kind: 'counted' | 'paused' | 'closed'; when: string; what: string }>;
  omitted: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();
function stamp(ms: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f.format(new Date(ms));
}

/** "How is this SLA counted?" as sentences: which minutes counted, which were paused, when the desk was closed. */
export function describeSlaClock(explained: SlaExplanation | null, priority: number): SlaClockView | null {
  if (!explained) return null;
  const zone = explained.timeZone;
  const where =
    explained.clock === 'business'
      ? `business hours of the calendar "${explained.calendarName}" (${zone})`
      : 'calendar time, round the clock';
  const lines = explained.segments.map((s) => {
    const length = formatDuration(s.end - s.start);
    const what =
      s.kind === 'counted'
        ? `${length} counted`
        : s.kind === 'paused'
          ? `${length} paused: waiting on the requester (pending)`
          : s.holidays
            ? `${length} not counted: ${s.holidays.join(', ')} and hours outside the calendar`
            : `${length} not counted: outside working hours`;
    return { kind: s.kind, when: `${stamp(s.start, zone)} – ${stamp(s.end, zone)}`, what };
  });
  return {
    summary: `P${priority}: first response within ${formatMinutes(explained.firstResponseMinutes)}, resolution within ${formatMinutes(explained.resolutionMinutes)}, counted in ${where}. Time waiting on the requester never counts.`,
    counted: formatDuration(explained.countedMinutes * 60_000),
    lines: lines.slice(-MAX_LINES),
    omitted: Math.max(0, lines.length - MAX_LINES),
  };
}
