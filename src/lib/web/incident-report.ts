import type { I18n } from '#lib/i18n/i18n.ts';
import type { IncidentReportRow } from '#lib/incidents/incidents.ts';
import { formatMeasure } from '#lib/reports/change.ts';
import { spread } from '#lib/reports/metrics.ts';

/** The reports' incident section: the period's incidents and their totals, worded for the reader. */
export function incidentSection(rows: IncidentReportRow[], i18n: I18n) {
  const resolvedIn = spread(rows.flatMap((r) => (r.minutesToResolve === null ? [] : [r.minutesToResolve])));
  const sum = (pick: (r: IncidentReportRow) => number) => rows.reduce((n, r) => n + pick(r), 0);
  return {
    totals: {
      declared: i18n.number(rows.length),
      affected: i18n.number(sum((r) => r.affected)),
      deflected: i18n.number(sum((r) => r.deflected)),
      tickets: i18n.number(sum((r) => r.tickets)),
      medianToResolve: formatMeasure(i18n, 'minutes', resolvedIn.median),
    },
    rows: rows.map((r) => ({
      id: r.id,
      title: r.title,
      service: r.service,
      declared: i18n.dateTime(r.declaredAt),
      affected: i18n.number(r.affected),
      deflected: i18n.number(r.deflected),
      tickets: i18n.number(r.tickets),
      toResolve: r.minutesToResolve === null ? null : formatMeasure(i18n, 'minutes', r.minutesToResolve),
    })),
  };
}
