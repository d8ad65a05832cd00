import type { I18n } from '#lib/i18n/i18n.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';
import type { SlaExplanation, SlaState } from '#lib/tickets/sla.ts';

/** The most stretches "How is this SLA counted?" lists (the latest ones; a long-open ticket has many). */
const MAX_LINES = 40;

export type SlaClockView = {
  summary: string;
  counted: string;
  lines: Array<{ kind: 'counted' | 'paused' | 'closed'; when: string; what: string }>;
  omitted: number;
};

/** What each SLA state is called next to a badge. */
export const SLA_STATE_LABELS: Record<SlaState, MessageKey> = {
  ok: 'sla.stateOk',
  warning: 'sla.stateWarning',
  breached: 'sla.stateBreached',
  met: 'sla.stateMet',
  paused: 'sla.statePaused',
};

/** The queue's "Next SLA target" column. */
export const SLA_TARGET_LABELS: Record<'first response' | 'resolution', MessageKey> = {
  'first response': 'sla.targetFirstResponse',
  resolution: 'sla.targetResolution',
};

/** A span as the SLA pages show it: "40 min", "2 h 5 min", "2 d 3 h" (in the reader's language). */
export function slaSpan(ms: number, i18n: I18n): string {
  const total = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const n = (value: number) => i18n.number(value);
  if (days > 0)
    return hours > 0
      ? i18n.t('sla.spanDaysHours', { days: n(days), hours: n(hours) })
      : i18n.t('sla.spanDays', { days: n(days) });
  if (hours > 0)
    return minutes > 0
      ? i18n.t('sla.spanHoursMinutes', { hours: n(hours), minutes: n(minutes) })
      : i18n.t('sla.spanHours', { hours: n(hours) });
  return i18n.t('sla.spanMinutes', { minutes: n(minutes) });
}

/** "in 2 h 5 min" / "3 h 10 min overdue", for the SLA badges. */
export function timeLeft(dueAt: string | null, i18n: I18n, now: Date = new Date()): string {
  if (!dueAt) return i18n.t('sla.noDueTime');
  const ms = Date.parse(dueAt) - now.getTime();
  const time = slaSpan(ms, i18n);
  return ms >= 0 ? i18n.t('sla.timeLeft', { time }) : i18n.t('sla.overdue', { time });
}

/** A target in minutes: "45 min", "8 h", "3 days". */
function target(minutes: number, i18n: I18n): string {
  const short = (n: number) => Math.round(n * 10) / 10;
  if (minutes >= 1440) return i18n.t('sla.days', { count: short(minutes / 1440) });
  if (minutes >= 60) return i18n.t('sla.hours', { count: i18n.number(short(minutes / 60)) });
  return i18n.t('sla.minutes', { count: i18n.number(minutes) });
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function stamp(ms: number, timeZone: string, i18n: I18n): string {
  const id = `${i18n.intlLocale}\u0000${timeZone}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(i18n.intlLocale, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(id, f);
  }
  return f.format(new Date(ms));
}

/**
 * "How is this SLA counted?" as sentences in the reader's language: which minutes counted, which were
 * paused, when the desk was closed. Times are in the calendar's zone, which the summary names.
 */
export function describeSlaClock(
  explained: SlaExplanation | null,
  priority: number,
  i18n: I18n,
): SlaClockView | null {
  if (!explained) return null;
  const zone = explained.timeZone;
  const where =
    explained.clock === 'business'
      ? i18n.t('sla.explainBusiness', { calendar: explained.calendarName ?? '', zone })
      : i18n.t('sla.explainAround');
  // Only the latest stretches are shown: word those, not every day since the ticket was opened.
  const lines = explained.segments.slice(-MAX_LINES).map((s) => {
    const time = slaSpan(s.end - s.start, i18n);
    const what =
      s.kind === 'counted'
        ? i18n.t('sla.stretchCounted', { time })
        : s.kind === 'paused'
          ? i18n.t('sla.stretchPaused', { time })
          : s.holidays
            ? i18n.t('sla.stretchHolidays', { time, holidays: i18n.list(s.holidays) })
            : i18n.t('sla.stretchClosed', { time });
    const when = i18n.t('sla.stretch', { from: stamp(s.start, zone, i18n), to: stamp(s.end, zone, i18n) });
    return { kind: s.kind, when, what };
  });
  return {
    summary: i18n.t('sla.explainSummary', {
      priority,
      firstResponse: target(explained.firstResponseMinutes, i18n),
      resolution: target(explained.resolutionMinutes, i18n),
      where,
    }),
    counted: slaSpan(explained.countedMinutes * 60_000, i18n),
    lines,
    omitted: Math.max(0, explained.segments.length - MAX_LINES),
  };
}
