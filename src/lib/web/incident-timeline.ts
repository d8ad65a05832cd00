import { getDb } from '#lib/db/connection.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import {
  getIncident,
  listAffectedTimes,
  listLinkedTickets,
  listUpdates,
  type Incident,
} from '#lib/incidents/incidents.ts';
import { lineChart } from '#lib/reports/charts.ts';
import { formatMeasure } from '#lib/reports/change.ts';
import { requirePerson } from './guards.ts';

const HOUR = 3_600_000;
/** Hourly steps up to two days, daily beyond: the chart stays readable. */
const MAX_HOURLY = 48;

export type AffectedStep = { at: string; label: string; axis: string; affected: number; tickets: number };

/**
 * The affected count and linked tickets at the end of each step from the declaration to the
 * resolution (or now), cumulative. Pure: times in, steps out.
 */
export function affectedOverTime(
  incident: Pick<Incident, 'declaredAt' | 'resolvedAt'>,
  affectedAt: string[],
  linkedAt: string[],
  now: Date,
): Array<{ at: string; affected: number; tickets: number; unit: 'hour' | 'day' }> {
  const start = Date.parse(incident.declaredAt);
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime();
  const hours = Math.max(1, Math.ceil((end - start) / HOUR));
  const unit = hours <= MAX_HOURLY ? 'hour' : 'day';
  const step = unit === 'hour' ? HOUR : 24 * HOUR;
  const steps = Math.max(1, Math.ceil((end - start) / step));
  const until = (times: string[], t: number) => times.filter((x) => Date.parse(x) <= t).length;
  // The first point is the declaration itself (tickets linked when declaring are there from the start).
  return Array.from({ length: steps + 1 }, (_, i) => {
    const t = Math.min(start + i * step, end);
    return {
      at: new Date(t).toISOString(),
      affected: until(affectedAt, t),
      tickets: until(linkedAt, t),
      unit,
    };
  });
}

/** /manage/incidents/<id>: the incident's timeline for managers (and agents). Null → 404. */
export function incidentTimelinePage(locals: App.Locals, idText: string | undefined, now = new Date()) {
  requirePerson(locals, ['manager', 'agent', 'admin']);
  const db = getDb();
  const id = /^\d{1,12}$/.test(idText ?? '') ? Number(idText) : null;
  const incident = id === null ? null : getIncident(db, id);
  if (!incident) return null;
  const i18n: I18n = locals.i18n;
  const tickets = listLinkedTickets(db, incident.id);
  const raw = affectedOverTime(
    incident,
    listAffectedTimes(db, incident.id),
    tickets.map((t) => t.linkedAt),
    now,
  );
  const steps: AffectedStep[] = raw.map((s) => ({
    at: s.at,
    label: s.unit === 'hour' ? i18n.dateTime(s.at) : i18n.calendarDay(s.at.slice(0, 10), 'medium'),
    // The chart's axis has room for a clock time (hourly) or a short day.
    axis: s.unit === 'hour' ? i18n.time(s.at) : i18n.calendarDay(s.at.slice(0, 10), 'medium'),
    affected: s.affected,
    tickets: s.tickets,
  }));
  const minutes = incident.resolvedAt
    ? (Date.parse(incident.resolvedAt) - Date.parse(incident.declaredAt)) / 60_000
    : null;
  const t = i18n.t;
  return {
    incident,
    declared: i18n.dateTime(incident.declaredAt),
    resolved: incident.resolvedAt ? i18n.dateTime(incident.resolvedAt) : null,
    timeToResolve: minutes === null ? null : formatMeasure(i18n, 'minutes', minutes),
    updates: listUpdates(db, incident.id).map((u) => ({ ...u, when: i18n.dateTime(u.at) })),
    tickets: tickets.map((l) => ({ ...l, linked: i18n.dateTime(l.linkedAt) })),
    steps,
    chart: lineChart({
      i18n,
      title: t('majorIncidents.timelineChart'),
      xLabels: steps.map((s) => s.axis),
      series: [
        { label: t('majorIncidents.reportAffected'), values: steps.map((s) => s.affected) },
        { label: t('majorIncidents.reportTickets'), values: steps.map((s) => s.tickets), dashed: true },
      ],
      unit: 'period',
    }),
  };
}
