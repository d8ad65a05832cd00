import { requireRole } from './guards.ts';
import { parseRange } from '#lib/reports/range.ts';
import { REPORT_NAMES, findReport, reportDescription, reportTable } from './manage-page.ts';

const NO_STORE = { 'Cache-Control': 'private, no-store' };

/** GET /api/reports: the names of the reports, each with its URL; sentences in the caller's language. */
export function answerReportIndex(locals: App.Locals): Response {
  requireRole(locals, ['manager', 'admin']);
  return Response.json(
    {
      reports: REPORT_NAMES.map((name) => ({
        name,
        description: locals.i18n.t(reportDescription(name)),
        url: `/api/reports/${name}`,
        csv: `/manage/export/${name}.csv`,
      })),
      parameters: locals.i18n.t('reports.apiParameters'),
    },
    { headers: NO_STORE },
  );
}

/**
 * GET /api/reports/<name>?range=…&tz=…: the rows the page and the CSV export show, as JSON, for a manager
 * or a manager's API token. 404 for a name that is no report, 400 for unusable dates (the page would fall
 * back to the last 30 days; an integration should hear that it asked for something else).
 */
export function answerReportJson(locals: App.Locals, url: URL, name: string | undefined): Response {
  requireRole(locals, ['manager', 'admin']);
  const report = findReport(name);
  if (!report)
    return Response.json(
      { error: locals.i18n.t('reports.apiNoReport', { names: REPORT_NAMES.join(', ') }) },
      { status: 404, headers: NO_STORE },
    );
  const range = parseRange(url.searchParams);
  if (range.problem)
    return Response.json({ error: locals.i18n.t(range.problem) }, { status: 400, headers: NO_STORE });
  const table = reportTable(report, range, locals.i18n);
  const period = (p: { from: string; to: string; firstDay: string; lastDay: string }) => ({
    from: p.from,
    to: p.to,
    firstDay: p.firstDay,
    lastDay: p.lastDay,
  });
  return Response.json(
    {
      report,
      description: table.describe,
      timeZone: range.tz,
      days: range.days,
      period: period(range),
      previous: period(range.previous),
      rows: table.rows,
    },
    { headers: NO_STORE },
  );
}
