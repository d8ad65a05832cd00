import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import { getSlaTargets, recomputeOpenTickets, replaceSlaTargets } from '#lib/tickets/sla.ts';
import {
  addHoliday,
  deleteCalendar,
  fetchIcal,
  getCalendar,
  getDefaultCalendar,
  hoursText,
  importHolidays,
  listCalendars,
  makeDefaultCalendar,
  removeHoliday,
  saveCalendar,
  WEEKDAYS,
  type CalendarResult,
} from '#lib/tickets/sla-calendars.ts';
import {
  changeBreakGlass,
  changeDisabled,
  changeRoles,
  clearFailingAddress,
  createAccount,
  issueApiToken,
  resetPassword,
  withdrawApiToken,
  type AdminResult,
} from '#lib/auth/admin.ts';
import { listApiTokens } from '#lib/auth/api-tokens.ts';
import {
  iterateAudit,
  listAudit,
  listAuditActions,
  recordAudit,
  type AuditEntry,
  type AuditFilter,
} from '#lib/auth/audit.ts';
import { countUserSessions } from '#lib/auth/sessions.ts';
import { csvRecords } from '#lib/reports/csv.ts';
import { z } from 'zod';
import { formText as text, readForm } from './http.ts';
import { requirePerson } from './guards.ts';
import { describePrincipal, ROLES, RoleSchema, type Role } from '#lib/auth/roles.ts';
import { getUserById, searchUsers, SIGN_IN_METHODS, type UserFilter } from '#lib/auth/users.ts';
import { getIdentityOfUser } from '#lib/auth/identities.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import { msg, type MessageKey } from '#lib/i18n/translate.ts';
import { addDays, startOfLocalDay } from '#lib/reports/range.ts';

/** Roles come from the provider's groups (decision 020): the provider's name, or null when set by hand. */
function providerRoles(): { providerName: string } | undefined {
  const oidc = getConfig().oidc;
  return oidc?.roleMap ? { providerName: oidc.providerName } : undefined;
}

type PageInput = { request: Request; locals: App.Locals; address: string };

/** Runs a form action for an admin; the status is 400 when the form needs fixing. */
async function act(
  input: PageInput,
  action: (
    actor: { principal: ReturnType<typeof requirePerson>; address: string },
    form: FormData,
  ) => AdminResult | Promise<AdminResult>,
) {
  const principal = requirePerson(input.locals, ['admin']);
  if (input.request.method !== 'POST') return { result: null, status: 200, form: null };
  const form = await readForm(input.request);
  const result = await action({ principal, address: input.address }, form);
  return { result, status: result.ok ? 200 : 400, form };
}

function draftFrom(form: FormData) {
  const tier = Number(form.get('agentTier'));
  return {
    email: String(form.get('email') ?? '').slice(0, 254),
    displayName: String(form.get('displayName') ?? '').slice(0, 100),
    roles: form.getAll('roles').filter((r): r is Role => RoleSchema.safeParse(r).success),
    agentTier: [1, 2, 3].includes(tier) ? tier : null,
  };
}

const ACCOUNTS_PER_PAGE = 50;
const AUDIT_PER_PAGE = 50;
const MAX_PAGE = 10_000;

/** An optional choice from a list: empty means "any"; anything else not in the list is refused. */
const choice = <T extends string>(values: readonly T[], message: MessageKey) =>
  z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.enum(values, { error: message }).optional(),
  );
const PageNumber = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z.coerce
    .number({ error: 'admin.pageNumber' satisfies MessageKey })
    .int('admin.pageWhole' satisfies MessageKey)
    .min(1, 'admin.pageMin' satisfies MessageKey)
    .max(MAX_PAGE, 'admin.pageMax' satisfies MessageKey)
    .default(1),
);

const AccountQuery = z.object({
  q: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : undefined),
    z
      .string()
      .max(200, 'admin.searchTooLong' satisfies MessageKey)
      .optional(),
  ),
  role: choice(ROLES, 'admin.chooseRole'),
  tier: choice(['1', '2', '3'], 'admin.chooseTier'),
  status: choice(['active', 'disabled'], 'admin.chooseStatus'),
  method: choice(SIGN_IN_METHODS, 'admin.chooseMethod'),
  page: PageNumber,
});

/**
 * Reads a filter from a query string with zod. A value that is not one of the choices is dropped and
 * named in `problem`, worded for the reader (the page answers 400 with the rest of the filter applied).
 */
function parseQuery<S extends z.ZodObject>(schema: S, params: URLSearchParams, i18n: I18n) {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, params.get(k)]));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data as z.infer<S>, problem: null };
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  const kept = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, bad.has(k) ? null : v]));
  return {
    value: schema.parse(kept) as z.infer<S>,
    problem: parsed.error.issues.map((i) => i18n.text(i.message)).join(' '),
  };
}

/** /admin: one page of accounts matching the search and filters, and the create-account form (kept filled in when it needs fixing). */
export async function accountsPage(input: PageInput, params: URLSearchParams) {
  const db = getDb();
  const { result, status, form } = await act(input, (actor, f) =>
    createAccount(db, actor, {
      email: text(f, 'email'),
      displayName: text(f, 'displayName'),
      roles: f.getAll('roles'),
      agentTier: f.get('agentTier'),
      password: text(f, 'password'),
    }),
  );
  const { value: query, problem } = parseQuery(AccountQuery, params, input.locals.i18n);
  const filter: UserFilter = {
    q: query.q,
    role: query.role,
    tier: query.tier ? Number(query.tier) : undefined,
    status: query.status,
    signInMethod: query.method,
  };
  const { users, total } = searchUsers(db, filter, {
    limit: ACCOUNTS_PER_PAGE,
    offset: (query.page - 1) * ACCOUNTS_PER_PAGE,
  });
  const pages = Math.max(1, Math.ceil(total / ACCOUNTS_PER_PAGE));
  const kept = new URLSearchParams(
    Object.entries({
      q: query.q,
      role: query.role,
      tier: query.tier,
      status: query.status,
      method: query.method,
    }).filter((e): e is [string, string] => Boolean(e[1])),
  );
  return {
    result,
    status: problem ? 400 : status,
    problem,
    query,
    users,
    providerName: getConfig().oidc?.providerName ?? null,
    total,
    page: Math.min(query.page, pages),
    pages,
    perPage: ACCOUNTS_PER_PAGE,
    filtered: kept.size > 0,
    pageHref: (p: number) => `/admin?${new URLSearchParams([...kept, ['page', String(p)]])}`,
    draft: form && result && !result.ok ? draftFrom(form) : null,
  };
}

/** /admin/users/<id>: roles and tier, disable or enable, new password. Null when there is no such user. */
export async function userPage(input: PageInput, id: string | undefined) {
  const db = getDb();
  const userId = /^\d{1,12}$/.test(id ?? '') ? Number(id) : NaN;
  requirePerson(input.locals, ['admin']);
  if (!getUserById(db, userId)) return null;
  const { result, status } = await act(input, (actor, form) => {
    switch (form.get('action')) {
      case 'roles':
        return changeRoles(
          db,
          actor,
          userId,
          { roles: form.getAll('roles'), agentTier: form.get('agentTier') },
          { providerRoles: providerRoles() },
        );
      case 'break-glass':
        return changeBreakGlass(db, actor, userId, true);
      case 'no-break-glass':
        return changeBreakGlass(db, actor, userId, false);
      case 'disable':
        // Disabling ends every session at once: the first press only asks (the page shows what it ends).
        if (form.get('confirm') !== 'yes')
          return { ok: false, errors: { confirm: msg('admin.confirmDisable') } };
        return changeDisabled(db, actor, userId, true);
      case 'enable':
        return changeDisabled(db, actor, userId, false);
      case 'password':
        return resetPassword(db, actor, userId, text(form, 'password'));
      case 'clear-mail-failing':
        return clearFailingAddress(db, actor, userId);
      default:
        return { ok: false, errors: { form: msg('admin.unknownAction') } };
    }
  });
  const identity = getIdentityOfUser(db, userId);
  const confirming = Boolean(result && !result.ok && 'confirm' in result.errors);
  return {
    result: confirming ? null : result,
    status: confirming ? 200 : status,
    confirming,
    sessions: countUserSessions(db, userId),
    user: getUserById(db, userId)!,
    identity,
    providerName: getConfig().oidc?.providerName ?? null,
    rolesFromProvider: Boolean(identity && providerRoles()),
    self: input.locals.principal?.kind === 'user' && input.locals.principal.id === userId,
  };
}

/** /admin/tokens: API tokens, create and revoke. */
export async function tokensPage(input: PageInput) {
  const db = getDb();
  const { result, status } = await act(input, (actor, form) =>
    form.get('action') === 'revoke'
      ? withdrawApiToken(db, actor, form.get('id'))
      : issueApiToken(db, actor, { name: form.get('name') ?? '', role: form.get('role') ?? '' }),
  );
  return { result, status, tokens: listApiTokens(db) };
}

const Day = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'admin.dateFormat' satisfies MessageKey)
    // zod runs this check even when the format check failed, so it must not assume a date.
    .refine((d) => {
      const t = Date.parse(`${d}T00:00:00Z`);
      return Number.isFinite(t) && new Date(t).toISOString().startsWith(d);
    }, 'admin.dateMissing' satisfies MessageKey)
    .optional(),
);
const AuditQuery = z.object({
  actor: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : undefined),
    z
      .string()
      .max(200, 'admin.actorTooLong' satisfies MessageKey)
      .optional(),
  ),
  action: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z
      .string()
      .max(60, 'admin.chooseAction' satisfies MessageKey)
      .regex(/^[a-z.-]+$/, 'admin.chooseAction' satisfies MessageKey)
      .optional(),
  ),
  from: Day,
  to: Day,
  page: PageNumber,
});

const humanKey = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
function humanValue(value: unknown, none: string): string {
  if (value === null || value === undefined || value === '') return none;
  if (Array.isArray(value)) return value.length ? value.map((v) => humanValue(v, none)).join(', ') : none;
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${humanKey(k)} ${humanValue(v, none)}`)
      .join('; ');
  return String(value);
}

/**
 * An audit entry's detail (JSON) as lines a person reads: "to: roles agent, employee; agent tier 2". The
 * names are the recorded fields' own (identifiers, as the export has them); "none" is the reader's.
 */
export function readableDetail(detail: string | null, i18n: I18n): string[] {
  if (!detail) return [];
  const none = i18n.t('admin.detailNone');
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return [detail];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return [humanValue(parsed, none)];
  return Object.entries(parsed as Record<string, unknown>).map(
    ([k, v]) => `${humanKey(k)}: ${humanValue(v, none)}`,
  );
}

/** Readable names of the recorded actions; an action not listed shows its id. */
const AUDIT_ACTIONS: Record<string, MessageKey> = {
  'user.create': 'admin.actionUserCreate',
  'user.demo-seed': 'admin.actionUserDemoSeed',
  'user.roles': 'admin.actionUserRoles',
  'user.disable': 'admin.actionUserDisable',
  'user.enable': 'admin.actionUserEnable',
  'user.mail-failing-cleared': 'email.actionMailFailingCleared',
  'user.break-glass': 'admin.actionUserBreakGlass',
  'user.break-glass-removed': 'admin.actionUserBreakGlassRemoved',
  'user.password-reset': 'admin.actionUserPasswordReset',
  'token.create': 'admin.actionTokenCreate',
  'token.revoke': 'admin.actionTokenRevoke',
  'token.invalid': 'admin.actionTokenInvalid',
  'session.invalid': 'admin.actionSessionInvalid',
  'access.denied': 'admin.actionAccessDenied',
  'signin.success': 'admin.actionSigninSuccess',
  'signin.failure': 'admin.actionSigninFailure',
  'signin.throttled': 'admin.actionSigninThrottled',
  signout: 'admin.actionSignout',
  'password.change': 'admin.actionPasswordChange',
  'password.change-failed': 'admin.actionPasswordChangeFailed',
  'password.reset': 'admin.actionPasswordReset',
  'password.reset-requested': 'admin.actionPasswordResetRequested',
  'password.reset-throttled': 'admin.actionPasswordResetThrottled',
  'mail.retry': 'admin.actionMailRetry',
  'sla.update': 'admin.actionSlaUpdate',
  'sla.calendar-new': 'admin.actionSlaCalendarNew',
  'sla.calendar-save': 'admin.actionSlaCalendarSave',
  'sla.calendar-default': 'admin.actionSlaCalendarDefault',
  'sla.calendar-delete': 'admin.actionSlaCalendarDelete',
  'sla.holiday-add': 'admin.actionSlaHolidayAdd',
  'sla.holiday-remove': 'admin.actionSlaHolidayRemove',
  'sla.ical-file': 'admin.actionSlaIcalFile',
  'sla.ical-url': 'admin.actionSlaIcalUrl',
  'sso.account-created': 'admin.actionSsoAccountCreated',
  'sso.link': 'admin.actionSsoLink',
  'sso.roles': 'admin.actionSsoRoles',
};

/** What the audit log calls an action: its readable name, or "Single sign-on refused (state-mismatch)" for an SSO refusal. */
export function auditActionLabel(action: string, i18n: I18n): string {
  const key = Object.hasOwn(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action] : undefined;
  if (key) return i18n.t(key);
  if (action.startsWith('sso.')) return i18n.t('admin.actionSsoFailure', { reason: action.slice(4) });
  return action;
}

function auditFilterOf(query: z.infer<typeof AuditQuery>): AuditFilter {
  return { actor: query.actor, action: query.action, from: query.from, to: query.to };
}

/** The filter's days are the reader's own: from the start of `from` to the end of `to` in their zone. */
function inZone(filter: AuditFilter, timeZone: string): AuditFilter {
  const { from, to, ...rest } = filter;
  return {
    ...rest,
    since: from ? new Date(startOfLocalDay(from, timeZone)).toISOString() : undefined,
    until: to ? new Date(startOfLocalDay(addDays(to, 1), timeZone)).toISOString() : undefined,
  };
}
const auditParams = (filter: AuditFilter) =>
  new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1])));

/** /admin/audit: the audit log, newest first, 50 a page, filtered by actor, action and the reader's days; how long entries are kept. */
export function auditPage(input: PageInput, params: URLSearchParams) {
  requirePerson(input.locals, ['admin']);
  const { i18n } = input.locals;
  const db = getDb();
  const { value: query, problem } = parseQuery(AuditQuery, params, i18n);
  const filter = auditFilterOf(query);
  const { entries, total } = listAudit(db, {
    ...inZone(filter, i18n.timeZone),
    limit: AUDIT_PER_PAGE,
    offset: (query.page - 1) * AUDIT_PER_PAGE,
  });
  const retentionDays = getConfig().auditRetentionDays;
  // To the second, in the reader's zone (the heading names it): the log's times are evidence.
  const seconds = new Intl.DateTimeFormat(i18n.intlLocale, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: i18n.timeZone,
  });
  const kept = auditParams(filter);
  return {
    status: problem ? 400 : 200,
    problem,
    query,
    actions: listAuditActions(db).map((action) => ({ action, label: auditActionLabel(action, i18n) })),
    entries: entries.map((e) => ({
      ...e,
      time: seconds.format(new Date(e.at)),
      actionLabel: auditActionLabel(e.action, i18n),
      actorLabel: auditActorLabel(e.actor, i18n),
      details: readableDetail(e.detail, i18n),
    })),
    total,
    page: query.page,
    pages: Math.max(1, Math.ceil(total / AUDIT_PER_PAGE)),
    pageHref: (p: number) => `/admin/audit?${new URLSearchParams([...kept, ['page', String(p)]])}`,
    exportHref: `/admin/audit/export?${kept}`,
    filtered: kept.size > 0,
    retentionDays,
  };
}

/**
 * Who did it, as a person reads it: the account's e-mail, "API token <name>", or "not signed in" for
 * the `describePrincipal` forms; anything else (the system's own names) as stored. The CSV keeps the
 * stored form, for machines.
 */
export function auditActorLabel(actor: string, i18n: I18n): string {
  if (actor === 'anonymous') return i18n.t('admin.actorAnonymous');
  const user = /^user:\d+ (.+)$/.exec(actor);
  if (user) return user[1]!;
  const token = /^token:\d+ (.+)$/.exec(actor);
  if (token) return i18n.t('admin.actorToken', { name: token[1]! });
  return actor;
}

/**
 * GET /admin/audit/export: every entry matching the page's filter (the reader's days) as CSV, times in
 * UTC for machines, details readable and raw.
 */
export function exportAuditCsv(locals: App.Locals, params: URLSearchParams): Response {
  requirePerson(locals, ['admin']);
  const { i18n } = locals;
  const { value: query, problem } = parseQuery(AuditQuery, params, i18n);
  if (problem)
    return new Response(problem, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const entries = iterateAudit(getDb(), inZone(auditFilterOf(query), i18n.timeZone));
  const records = csvRecords<AuditEntry>(entries, [
    { header: 'time (UTC)', value: (e) => e.at },
    { header: 'actor', value: (e) => e.actor },
    { header: 'action', value: (e) => e.action },
    { header: 'target', value: (e) => e.target },
    { header: 'address', value: (e) => e.address },
    { header: 'times', value: (e) => e.count },
    { header: 'detail', value: (e) => readableDetail(e.detail, i18n).join(' | ') },
    { header: 'detail (JSON)', value: (e) => e.detail },
  ]);
  // Streamed a thousand records at a time: a log of millions of entries never sits in memory whole.
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = '';
      for (let i = 0; i < 1000; i++) {
        const next = records.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    // The admin went away: end the read so the statement and its snapshot are released.
    cancel() {
      entries.return?.();
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="fixpoint-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

/** The most an uploaded iCalendar file may hold. */
const MAX_ICAL_UPLOAD = 1_000_000;

type SlaActor = { principal: ReturnType<typeof requirePerson>; address: string };

/** Runs one of /admin/sla's calendar forms; every change that can move a due time recomputes open tickets. */
async function calendarAction(form: FormData, actor: SlaActor): Promise<CalendarResult> {
  const db = getDb();
  const id = /^\d{1,9}$/.test(String(form.get('calendar') ?? '')) ? Number(form.get('calendar')) : null;
  const action = String(form.get('action') ?? '');
  if (action !== 'calendar-new' && (id === null || !getCalendar(db, id)))
    return { ok: false, errors: { form: msg('admin.calendarGone') } };
  const hours = WEEKDAYS.map((_, day) => text(form, `hours-${day}`, 200));
  let result: CalendarResult;
  switch (action) {
    case 'calendar-new':
    case 'calendar-save':
      result = saveCalendar(db, action === 'calendar-new' ? null : id, {
        name: text(form, 'name', 200),
        timeZone: text(form, 'timeZone', 100),
        hours,
        icalUrl: text(form, 'icalUrl', 2100),
      });
      break;
    case 'calendar-default':
      result = makeDefaultCalendar(db, id!);
      break;
    case 'calendar-delete':
      result = deleteCalendar(db, id!);
      break;
    case 'holiday-add':
      result = addHoliday(db, id!, { date: text(form, 'date', 20), name: text(form, 'holidayName', 200) });
      break;
    case 'holiday-remove':
      result = removeHoliday(db, id!, text(form, 'date', 20));
      break;
    case 'ical-file': {
      const file = form.get('file');
      if (!(file instanceof File) || file.size === 0)
        return { ok: false, errors: { ical: msg('admin.chooseIcs') } };
      if (file.size > MAX_ICAL_UPLOAD)
        return {
          ok: false,
          errors: { ical: msg('admin.icalTooLarge', { mb: MAX_ICAL_UPLOAD / 1_000_000 }) },
        };
      result = importHolidays(db, id!, await file.text());
      break;
    }
    case 'ical-url': {
      const url = getCalendar(db, id!)?.icalUrl;
      if (!url) return { ok: false, errors: { icalUrl: msg('admin.saveIcalFirst') } };
      const fetched = await fetchIcal(url);
      result = fetched.ok
        ? importHolidays(db, id!, fetched.text)
        : { ok: false, errors: { ical: fetched.error } };
      break;
    }
    default:
      return { ok: false, errors: { form: msg('admin.unknownAction') } };
  }
  if (result.ok) {
    const recomputed = recomputeOpenTickets(db);
    recordAudit(db, {
      actor: describePrincipal(actor.principal),
      action: `sla.${action}`,
      address: actor.address,
      detail: { calendar: result.id, recomputed },
    });
  }
  return result;
}

/**
 * /admin/sla: SLA targets per priority (minutes, business hours or calendar time, calendar) and the
 * calendars (hours, holidays, iCal import). `?calendar=<id>` picks the calendar to edit.
 */
export async function slaPage(input: PageInput, params: URLSearchParams) {
  const db = getDb();
  let savedCalendar: number | null = null;
  const { result, status, form } = await act(input, async (actor, form): Promise<AdminResult> => {
    const action = String(form.get('action') ?? 'targets');
    if (action !== 'targets') {
      const done = await calendarAction(form, actor);
      if (!done.ok) return done;
      savedCalendar = action === 'calendar-delete' ? null : done.id;
      return { ok: true, message: done.message };
    }
    const before = getSlaTargets(db);
    const saved = replaceSlaTargets(db, (name) => form.get(name));
    if (!saved.ok) return saved;
    const recomputed = recomputeOpenTickets(db);
    recordAudit(db, {
      actor: describePrincipal(actor.principal),
      action: 'sla.update',
      address: actor.address,
      detail: { before: [...before.values()], after: [...getSlaTargets(db).values()], recomputed },
    });
    return { ok: true, message: msg('admin.targetsSaved', { count: recomputed }) };
  });
  const asked = Number.parseInt(params.get('calendar') ?? '', 10);
  const posted = Number.parseInt(String(form?.get('calendar') ?? ''), 10);
  const calendar =
    getCalendar(db, savedCalendar ?? (Number.isSafeInteger(posted) ? posted : asked)) ??
    getDefaultCalendar(db);
  const action = String(form?.get('action') ?? '');
  const refused = form !== null && result !== null && !result.ok;
  // A refused calendar form comes back as it was typed.
  const typed = (f: FormData) => ({
    name: text(f, 'name', 200),
    timeZone: text(f, 'timeZone', 100),
    icalUrl: text(f, 'icalUrl', 2100),
    hours: WEEKDAYS.map((_, day) => text(f, `hours-${day}`, 200)),
  });
  const editing = refused && action === 'calendar-save' ? typed(form) : null;
  return {
    result,
    status,
    targets: [...getSlaTargets(db).values()].sort((a, b) => a.priority - b.priority),
    calendars: listCalendars(db),
    calendar: {
      id: calendar.id,
      name: editing?.name ?? calendar.name,
      timeZone: editing?.timeZone ?? calendar.timeZone,
      isDefault: calendar.isDefault,
      icalUrl: editing ? editing.icalUrl : calendar.icalUrl,
      icalImportedAt: calendar.icalImportedAt,
      holidays: calendar.holidayList,
      hours: hoursText(calendar).map((h, day) => ({
        day,
        name: weekdayName(input.locals.i18n, day),
        value: editing?.hours[day] ?? h,
      })),
    },
    /** What a refused new calendar's form showed, so it comes back filled in. */
    draft: refused && action === 'calendar-new' ? typed(form) : null,
    timeZones: Intl.supportedValuesOf('timeZone'),
  };
}

/** A weekday (0 = Sunday) as a field's label in the reader's language ("Lunedì"): 4 January 1970 was a Sunday. */
function weekdayName(i18n: I18n, day: number): string {
  const name = new Intl.DateTimeFormat(i18n.intlLocale, { weekday: 'long', timeZone: 'UTC' }).format(
    Date.UTC(1970, 0, 4 + day),
  );
  return name.charAt(0).toLocaleUpperCase(i18n.intlLocale) + name.slice(1);
}
