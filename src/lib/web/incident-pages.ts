import { z } from 'zod';
import { getDb } from '#lib/db/connection.ts';
import {
  DeclareSchema,
  declareIncidentWithTickets,
  getIncident,
  incidentsOfTicket,
  IncidentError,
  type Incident,
  type IncidentUpdate,
  isAffected,
  linkTickets,
  listIncidents,
  listLinkedTickets,
  listOpenIncidents,
  listRecentlyResolvedFor,
  listUpdates,
  markAffected,
  postIncidentUpdate,
  resolveIncident,
  ResolveSchema,
  UpdateSchema,
} from '#lib/incidents/incidents.ts';
import { fieldErrors } from '#lib/validation/field-errors.ts';
import { markIncidentRead } from '#lib/notifications/notifications.ts';
import { isRequestId } from '#lib/deflection/requests.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import { requirePerson, requireUser } from './guards.ts';
import { formText, readForm, safeNextPath } from './http.ts';
import { writeUnlessStorageRefuses } from './storage-refusal.ts';
import { detectStorms, ticketsToLink } from '#lib/incidents/storm.ts';
import { getTicketForViewer } from '#lib/tickets/tickets.ts';
import { getContent } from '#lib/content/store.ts';
import { getConfig } from '#lib/config/config.ts';

type PageInput = { request: Request; locals: App.Locals };
/** What a form answers: a confirmation, or messages per field (the shape FormResult shows). */
type FormOutcome = { ok: true; message: string } | { ok: false; errors: Record<string, string> };

const DAY_MS = 86_400_000;
const parseId = (id: string | undefined) => (/^\d{1,12}$/.test(id ?? '') ? Number(id) : null);

/** Ticket numbers as agents type them: "T-1042, 1043 1044". */
const TicketNumbers = z
  .string()
  .max(2000, 'incidents.numbersTooLong')
  .transform((s) => [...s.matchAll(/\d{1,9}/g)].map((m) => Number(m[0])))
  .refine((n) => n.length > 0, 'incidents.numbersMissing');

/** A form's field errors in the reader's language (zod messages are catalogue keys). */
function wordedErrors(error: z.ZodError, i18n: I18n): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors(error)).map(([k, v]) => [k, i18n.text(v)]));
}

type Redirect = { redirect: string };
type IncidentsView = {
  status: number;
  result: FormOutcome | null;
  draft: Record<string, string> | null;
  incidents: Incident[];
};
type IncidentView = {
  status: number;
  /** A catalogue key, worded by the page. */
  error: MessageKey | null;
  incident: Incident;
  updates: IncidentUpdate[];
  affected: boolean;
};

/** What the declare form starts with when it comes from a storm proposal or a ticket (query string). */
const Prefill = z.object({
  title: z.string().max(200).optional().catch(undefined),
  service: z.string().max(200).optional().catch(undefined),
  tickets: z.string().max(4000).optional().catch(undefined),
  ticket: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
});

function prefillFrom(url: URL, agent: ReturnType<typeof requirePerson>): Record<string, string> | null {
  const q = Prefill.parse(Object.fromEntries(url.searchParams));
  if (q.ticket !== undefined) {
    const ticket = getTicketForViewer(getDb(), q.ticket, agent);
    if (!ticket) return null;
    const category = getContent(getConfig().contentDir).categories.find((c) => c.slug === ticket.category);
    return {
      title: ticket.subject.slice(0, 120),
      service: category?.label ?? '',
      message: '',
      status: 'investigating',
      tickets: `T-${ticket.number}`,
    };
  }
  if (!q.title && !q.tickets) return null;
  return {
    title: (q.title ?? '').slice(0, 120),
    service: (q.service ?? '').slice(0, 80),
    message: '',
    status: 'investigating',
    tickets: q.tickets ?? '',
  };
}

/**
 * /agent/incidents: every incident, and the form that declares one (kept filled in when it needs
 * fixing; pre-filled from a storm proposal or a ticket, whose tickets it links when declared).
 */
export async function agentIncidentsPage(input: PageInput, url: URL): Promise<Redirect | IncidentsView> {
  const agent = requirePerson(input.locals, ['agent']);
  const db = getDb();
  const i18n = input.locals.i18n;
  let result: FormOutcome | null = null;
  let draft: Record<string, string> | null = prefillFrom(url, agent);
  if (input.request.method === 'POST') {
    const form = await readForm(input.request);
    const tickets = formText(form, 'tickets', 4000);
    draft = {
      title: formText(form, 'title', 200),
      service: formText(form, 'service', 200),
      message: formText(form, 'message', 4000),
      status: formText(form, 'status', 40),
      tickets,
    };
    const parsed = DeclareSchema.safeParse(draft);
    const numbers = tickets.trim() ? TicketNumbers.safeParse(tickets) : null;
    if (numbers && !numbers.success) {
      const errors = parsed.success ? {} : wordedErrors(parsed.error, i18n);
      result = { ok: false, errors: { ...errors, tickets: i18n.text(numbers.error.issues[0]!.message) } };
    } else if (parsed.success) {
      const { id, unknown } = declareIncidentWithTickets(db, agent, parsed.data, numbers?.data ?? []);
      return {
        redirect: `/agent/incidents/${id}?declared=1${unknown.length ? `&unknown=${unknown.join(',')}` : ''}`,
      };
    } else result = { ok: false, errors: wordedErrors(parsed.error, i18n) };
  }
  return { status: result ? 400 : 200, result, draft, incidents: listIncidents(db) };
}

/**
 * The queue's "Declare an incident?": each storm with its tickets and the address of the pre-filled
 * form; and, for open incidents, the new tickets that name them, to link in one click.
 */
export function stormProposals(locals: App.Locals) {
  requirePerson(locals, ['agent']);
  const i18n = locals.i18n;
  const db = getDb();
  const numbers = (tickets: Array<{ number: number }>) => tickets.map((t) => `T-${t.number}`).join(', ');
  return {
    storms: detectStorms(db).map((s) => {
      const query = new URLSearchParams({ title: s.title, service: s.service, tickets: numbers(s.tickets) });
      return { ...s, since: i18n.dateTime(s.since), declareUrl: `/agent/incidents?${query}#declare-title` };
    }),
    linkable: ticketsToLink(db).map((l) => ({
      ...l,
      numbers: numbers(l.tickets),
      url: `/agent/incidents/${l.incidentId}`,
    })),
  };
}

/** /agent/incidents/<id>: the timeline, updates, linking tickets, resolving. Null when there is no such incident. */
export async function agentIncidentPage(input: PageInput, idText: string | undefined, url: URL) {
  const agent = requirePerson(input.locals, ['agent']);
  const db = getDb();
  const id = parseId(idText);
  if (id === null || !getIncident(db, id)) return null;
  const unknown = (url.searchParams.get('unknown') ?? '').match(/\d{1,9}/g) ?? [];
  let result: FormOutcome | null = url.searchParams.has('declared')
    ? {
        ok: true,
        message: unknown.length
          ? `${input.locals.i18n.t('incidents.doneDeclared')} ${input.locals.i18n.t('incidents.unknownNumbers', { tickets: input.locals.i18n.list(unknown.map((n) => `T-${n}`)) })}`
          : input.locals.i18n.t('incidents.doneDeclared'),
      }
    : null;
  if (input.request.method === 'POST') {
    const form = await readForm(input.request);
    result = actOnIncident(form, id, agent, input.locals.i18n);
  }
  const incident = getIncident(db, id)!;
  const tickets = listLinkedTickets(db, id);
  return {
    status: result && !result.ok ? 400 : 200,
    result,
    incident,
    updates: listUpdates(db, id),
    tickets,
    // Resolved: the closing note can become a KB article through the promotion flow of a linked ticket
    // it resolved (the ticket carries the note as its resolution).
    promoteUrl:
      incident.resolvedAt && tickets.some((t) => t.status === 'resolved' || t.status === 'closed')
        ? `/agent/tickets/${tickets.find((t) => t.status === 'resolved' || t.status === 'closed')!.number}/promote`
        : null,
  };
}

function actOnIncident(
  form: FormData,
  id: number,
  agent: ReturnType<typeof requirePerson>,
  i18n: I18n,
): FormOutcome {
  const db = getDb();
  const numbers = (list: number[]) => i18n.list(list.map((n) => `T-${n}`));
  try {
    switch (form.get('action')) {
      case 'update': {
        const parsed = UpdateSchema.safeParse({
          status: formText(form, 'status', 40),
          message: formText(form, 'message', 4000),
        });
        if (!parsed.success) return { ok: false, errors: wordedErrors(parsed.error, i18n) };
        postIncidentUpdate(db, agent, id, parsed.data);
        return { ok: true, message: i18n.t('incidents.doneUpdate') };
      }
      case 'link': {
        const parsed = TicketNumbers.safeParse(formText(form, 'tickets', 4000));
        if (!parsed.success)
          return { ok: false, errors: { tickets: i18n.text(parsed.error.issues[0]!.message) } };
        const { linked, unknown } = linkTickets(db, agent, id, parsed.data);
        if (unknown.length > 0)
          return {
            ok: false,
            errors: {
              tickets: linked.length
                ? i18n.t('incidents.unknownNumbersSomeLinked', {
                    tickets: numbers(unknown),
                    linked: numbers(linked),
                  })
                : i18n.t('incidents.unknownNumbers', { tickets: numbers(unknown) }),
            },
          };
        return { ok: true, message: i18n.t('incidents.doneLinked', { tickets: numbers(linked) }) };
      }
      case 'resolve': {
        const parsed = ResolveSchema.safeParse({ note: formText(form, 'note', 8000) });
        if (!parsed.success) return { ok: false, errors: wordedErrors(parsed.error, i18n) };
        const { ticketsResolved } = resolveIncident(db, agent, id, parsed.data);
        return { ok: true, message: i18n.t('incidents.doneResolved', { count: ticketsResolved }) };
      }
      default:
        return {
          ok: false,
          errors: { form: i18n.t('incidents.chooseAction') },
        };
    }
  } catch (error) {
    if (error instanceof IncidentError) {
      const reason = error.ticketRefusal ? i18n.t(error.ticketRefusal.localized) : '';
      return { ok: false, errors: { form: i18n.t(error.localized, { reason }) } };
    }
    throw error;
  }
}

/** The banner on the home page and at Get help: open incidents, and the ones this person followed that were resolved in the last 3 days. */
export function incidentBanner(locals: App.Locals, path: string) {
  const principal = requireUser(locals);
  const db = getDb();
  const userId = principal.kind === 'user' ? principal.id : null;
  return {
    next: path,
    open: listOpenIncidents(db).map((i) => ({
      ...i,
      affectedByMe: userId !== null && isAffected(db, i.id, userId),
    })),
    resolved: userId === null ? [] : listRecentlyResolvedFor(db, userId, new Date(Date.now() - 3 * DAY_MS)),
  };
}

/** /incidents/<id>: the incident as employees see it, and "I'm affected too" (POST, then back where they were). */
export async function incidentPage(
  input: PageInput,
  idText: string | undefined,
): Promise<Redirect | IncidentView | null> {
  const principal = requirePerson(input.locals);
  const db = getDb();
  const id = parseId(idText);
  const incident = id === null ? null : getIncident(db, id);
  if (!incident) return null;
  if (input.request.method === 'POST') {
    const form = await readForm(input.request);
    if (form.get('action') !== 'affected')
      return {
        status: 400,
        error: 'home.incidentUnknownAction',
        incident,
        updates: listUpdates(db, incident.id),
        affected: false,
      };
    // From Get help's suggestions the form names the help request: it counts as deflected by the incident.
    const rid = formText(form, 'rid', 64);
    if (!markAffected(db, incident.id, principal.id, new Date(), isRequestId(rid) ? rid : undefined))
      return {
        status: 409,
        error: 'home.incidentAlreadyResolved',
        incident,
        updates: listUpdates(db, incident.id),
        affected: false,
      };
    return { redirect: `${safeNextPath(form.get('next') ?? `/incidents/${incident.id}`)}` };
  }
  writeUnlessStorageRefuses(() => markIncidentRead(db, principal.id, incident.id));
  return {
    status: 200,
    error: null,
    incident,
    updates: listUpdates(db, incident.id),
    affected: isAffected(db, incident.id, principal.id),
  };
}

/** The agent's ticket page: the incidents the ticket is linked to, and declaring one from it. */
export function ticketIncidents(locals: App.Locals, ticket: { id: number; number: number }) {
  requirePerson(locals, ['agent']);
  return {
    declareUrl: `/agent/incidents?ticket=${ticket.number}#declare-title`,
    incidents: incidentsOfTicket(getDb(), ticket.id),
  };
}
