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
  changeDisabled,
  changeRoles,
  createAccount,
  issueApiToken,
  resetPassword,
  withdrawApiToken,
  type AdminResult,
} from '#lib/auth/admin.ts';
import { listApiTokens } from '#lib/auth/api-tokens.ts';
import { listAudit, recordAudit } from '#lib/auth/audit.ts';
import { formText as text, readForm } from './http.ts';
import { requirePerson } from './guards.ts';
import { describePrincipal, RoleSchema, type Role } from '#lib/auth/roles.ts';
import { getUserById, listUsers } from '#lib/auth/users.ts';

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

/** /admin: the accounts list and the create-account form (kept filled in when it needs fixing). */
export async function accountsPage(input: PageInput) {
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
  return {
    result,
    status,
    users: listUsers(db),
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
        return changeRoles(db, actor, userId, {
          roles: form.getAll('roles'),
          agentTier: form.get('agentTier'),
        });
      case 'disable':
        return changeDisabled(db, actor, userId, true);
      case 'enable':
        return changeDisabled(db, actor, userId, false);
      case 'password':
        return resetPassword(db, actor, userId, text(form, 'password'));
      default:
        return { ok: false, errors: { form: 'Unknown action.' } };
    }
  });
  return {
    result,
    status,
    user: getUserById(db, userId)!,
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

/** /admin/audit: the audit log, newest first, 50 a page; how long entries are kept before they are archived. */
export function auditPage(input: PageInput, params: URLSearchParams) {
  requirePerson(input.locals, ['admin']);
  const page = Math.min(10_000, Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1));
  const { entries, total } = listAudit(getDb(), { limit: 50, offset: (page - 1) * 50 });
  const retentionDays = getConfig().auditRetentionDays;
  return { entries, total, page, pages: Math.max(1, Math.ceil(total / 50)), retentionDays };
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
    return { ok: false, errors: { form: 'That calendar no longer exists.' } };
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
        return { ok: false, errors: { ical: 'Choose an .ics file to import.' } };
      if (file.size > MAX_ICAL_UPLOAD)
        return { ok: false, errors: { ical: 'The file is larger than 1 MB.' } };
      result = importHolidays(db, id!, await file.text());
      break;
    }
    case 'ical-url': {
      const url = getCalendar(db, id!)?.icalUrl;
      if (!url) return { ok: false, errors: { icalUrl: 'Save an iCal address for this calendar first.' } };
      const fetched = await fetchIcal(url);
      result = fetched.ok
        ? importHolidays(db, id!, fetched.text)
        : { ok: false, errors: { ical: fetched.error } };
      break;
    }
    default:
      return { ok: false, errors: { form: 'Unknown action.' } };
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
    return {
      ok: true,
      message: `SLA targets saved. Due times of ${recomputed} open ticket${recomputed === 1 ? '' : 's'} were recomputed.`,
    };
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
        name: WEEKDAYS[day]!,
        value: editing?.hours[day] ?? h,
      })),
    },
    /** What a refused new calendar's form showed, so it comes back filled in. */
    draft: refused && action === 'calendar-new' ? typed(form) : null,
    timeZones: Intl.supportedValuesOf('timeZone'),
    weekdays: WEEKDAYS,
  };
}
