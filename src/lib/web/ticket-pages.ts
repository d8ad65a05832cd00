import { hasAnyRole } from '#lib/auth/roles.ts';
import { fieldErrors } from '#lib/validation/field-errors.ts';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { formText, readForm } from './http.ts';
import { storageRefusal, writeUnlessStorageRefuses } from './storage-refusal.ts';
import { requirePerson, requireRole } from './guards.ts';
import { getUserByEmail, getUserById } from '#lib/auth/users.ts';
import { getConfig } from '#lib/config/config.ts';
import { renderMarkdown } from '#lib/content/render.ts';
import type { Category } from '#lib/content/schema.ts';
import { getContent } from '#lib/content/store.ts';
import { getDb } from '#lib/db/connection.ts';
import { suggestForRequest } from './suggest.ts';
import { markTicketRead } from '#lib/notifications/notifications.ts';
import type { Principal } from '#lib/auth/roles.ts';
import type { Db } from '#lib/db/db.ts';
import type { ScrubKind } from '#lib/knowledge/scrub.ts';
import { discardUploads, listAttachments, storeUploads } from '#lib/tickets/attachments.ts';
import { ImpactSchema, UrgencySchema } from '#lib/tickets/priority.ts';
import { listQueue, QueueFilters } from '#lib/tickets/queue.ts';
import { findSimilarResolved, refreshTicketDocument } from '#lib/tickets/similar.ts';
import { explainSla, slaState } from '#lib/tickets/sla.ts';
import { systemNoteMessage } from '#lib/tickets/system-notes.ts';
import { searchTickets, ticketNumberIn, TicketSearchInput } from '#lib/tickets/search.ts';
import { describeSlaClock } from './sla-clock.ts';
import { insertMacro, macroCatalog, macroChoices, macroToApply, type MacroChoice } from './macro-pages.ts';
import { MacroActionRefused, sendWithMacro } from '#lib/tickets/macros.ts';
import { createI18n, type I18n } from '#lib/i18n/i18n.ts';
import { msg, type Message, type MessageKey } from '#lib/i18n/translate.ts';
import {
  CHANNELS,
  createTicket,
  getTicketForViewer,
  listRequesterTickets,
  TicketInputError,
  type Ticket,
} from '#lib/tickets/tickets.ts';
import {
  addMessage,
  assignTicket,
  changeStatus,
  claimTicket,
  ConflictError,
  getTimeline,
  linkedArticles,
  listAgents,
  listFollowers,
  moveTier,
  rateTicket,
  STATUSES,
  updateClassification,
  WorkflowError,
} from '#lib/tickets/workflow.ts';

/** What the promotion page calls each kind of personal data it removed. */
export const SCRUB_KIND_LABELS: Record<ScrubKind, MessageKey> = {
  name: 'agent.scrubName',
  email: 'agent.scrubEmail',
  phone: 'agent.scrubPhone',
  ip: 'agent.scrubIp',
  mac: 'agent.scrubMac',
  host: 'agent.scrubHost',
  asset: 'agent.scrubAsset',
  ticket: 'agent.scrubTicket',
  address: 'agent.scrubAddress',
  url: 'agent.scrubUrl',
  username: 'agent.scrubUsername',
};

/** The language an article is written in (its title is shown in it, marked with `lang`). */
export function articleLanguage(slug: string): string {
  return getContent(getConfig().contentDir).articles.find((a) => a.slug === slug)?.locale ?? 'en';
}

/**
 * /agent/search: ticket search for agents. A ticket number jumps to the ticket (`redirect`); words search
 * subjects, descriptions, replies and notes, with filters.
 */
export function ticketSearchPage(locals: App.Locals, params: URLSearchParams) {
  requireRole(locals, ['agent']);
  const input = TicketSearchInput.parse(Object.fromEntries(params));
  const result = searchTickets(getDb(), input);
  if (result.jump !== null) return { redirect: `/agent/tickets/${result.jump}` };
  return {
    input,
    searched: input.q.trim() !== '' || Object.keys(input).some((k) => !['q', 'page'].includes(k)),
    numberNotFound: ticketNumberIn(input.q),
    categories: getContent(getConfig().contentDir).categories,
    ...result,
  };
}

/**
 * The header's search box sends agents to ticket search when what they typed is a ticket number
 * ("T-1361", "1361"); everyone else, and every other text, searches the knowledge base.
 */
export function ticketNumberRedirect(locals: App.Locals, params: URLSearchParams): string | null {
  const q = params.get('q') ?? '';
  if (!locals.principal || !hasAnyRole(locals.principal, ['agent']) || ticketNumberIn(q) === null)
    return null;
  return `/agent/search?${new URLSearchParams({ q: q.trim() })}`;
}

/** /agent: the queue for the signed-in agent. */
export function queuePage(locals: App.Locals, params: URLSearchParams) {
  const agent = requireRole(locals, ['agent']);
  const filters = QueueFilters.parse(Object.fromEntries(params));
  return {
    filters,
    categories: getContent(getConfig().contentDir).categories,
    ...listQueue(getDb(), agent, filters),
  };
}

/**
 * After a POST: where to go next, or the page again with the refusal and what the person typed (the
 * message as `draft`; a resolution note, a reason or a comment in `typed`, by field name).
 */
type ActionOutcome =
  | { redirect: string }
  | { status: number; error: string | null; draft: string; typed: Record<string, string> };

/** The free-text fields of the ticket pages' small forms (and the ticked macro), kept when an action is refused. */
const TYPED_FIELDS = ['note', 'reason', 'comment', 'macro'] as const;

const NOTICES: Record<string, MessageKey> = {
  claimed: 'tickets.doneClaimed',
  assigned: 'tickets.doneAssigned',
  logged: 'tickets.doneLogged',
  replied: 'tickets.doneReplied',
  noted: 'tickets.doneNoted',
  status: 'tickets.doneStatus',
  escalated: 'tickets.doneEscalated',
  'sent-back': 'tickets.doneSentBack',
  classified: 'tickets.doneClassified',
  confirmed: 'tickets.doneConfirmed',
  reopened: 'tickets.doneReopened',
  rated: 'tickets.doneRated',
  sent: 'tickets.doneSent',
  macro: 'macros.doneApplied',
};
const ENGLISH = createI18n('en', 'UTC');
/** The sentence after an action (`?done=<key>`), in the reader's language (pass `Astro.locals.i18n`). */
export const noticeFor = (key: string | null, i18n: I18n = ENGLISH) => {
  const notice = key ? NOTICES[key] : undefined;
  return notice ? i18n.t(notice) : null;
};

/** Files the rules refused on a reply: the reason, and that the files must be chosen again. */
class UploadRefused extends WorkflowError {
  readonly reason: Message;
  constructor(reason: Message) {
    super(msg('tickets.chooseFilesAgain', { reason: ENGLISH.t(reason) }));
    this.reason = reason;
  }
}

/** A refusal worded for the reader. */
function refusalText(error: WorkflowError, i18n: I18n): string {
  return error instanceof UploadRefused || error instanceof MacroActionRefused
    ? i18n.t(error.localized, { reason: i18n.t(error.reason) })
    : i18n.t(error.localized);
}

/** What an action answers: the notice key for the redirect, or the form to show again, filled (no redirect). */
type ActionResult = string | { draft: string; typed: Record<string, string> };

async function runAction(
  request: Request,
  base: string,
  i18n: I18n,
  action: (form: FormData) => ActionResult | Promise<ActionResult>,
): Promise<ActionOutcome> {
  if (request.method !== 'POST') return { status: 200, error: null, draft: '', typed: {} };
  const form = await readForm(request);
  try {
    const done = await action(form);
    if (typeof done !== 'string') return { status: 200, error: null, ...done };
    return { redirect: `${base}?done=${done}` };
  } catch (error) {
    // A refused message is shown again with the text typed, so nothing is lost; so is one the disk
    // could not take (503: the same form sent again later works).
    const refusal =
      error instanceof WorkflowError
        ? refusalText(error, i18n)
        : storageRefusal(error) === null
          ? null
          : i18n.t('tickets.storageRefused');
    if (refusal === null) throw error;
    return {
      status: error instanceof WorkflowError ? (error instanceof ConflictError ? 409 : 400) : 503,
      error: refusal,
      draft: text(form, 'body'),
      typed: Object.fromEntries(TYPED_FIELDS.map((name) => [name, text(form, name)])),
    };
  }
}

/**
 * A reply or note with its files: checked and stored first, removed again if the message is refused.
 * With a macro (`macro`: its id) the macro's actions are applied with it, in one transaction.
 */
async function postMessage(
  db: Db,
  form: FormData,
  ticketId: number,
  author: Principal,
  internal: boolean,
  macro: number | null = null,
): Promise<void> {
  const { dataDir } = getConfig();
  const uploads = await storeUploads(dataDir, form.getAll('files'));
  if (!uploads.ok) throw new UploadRefused(uploads.reason);
  try {
    if (macro === null) addMessage(db, ticketId, author, text(form, 'body'), internal, uploads.files);
    else {
      const body = text(form, 'body');
      const { statusChanged } = sendWithMacro(
        db,
        ticketId,
        author,
        macro,
        { body, internal, files: uploads.files },
        macroCatalog(),
      );
      if (statusChanged) void refreshTicketDocument(db, ticketId);
    }
  } catch (error) {
    discardUploads(dataDir, uploads.files);
    throw error;
  }
}

const text = (form: FormData, name: string, max = 20_000) => formText(form, name, max);
const version = (form: FormData) => Number(form.get('version')) || undefined;

/** One of the agent's buttons on a ticket; answers the notice key for the redirect (or the form to show again). */
async function runAgentAction(
  db: Db,
  agent: Principal,
  id: number,
  form: FormData,
  macros: () => MacroChoice[],
): Promise<ActionResult> {
  switch (form.get('action')) {
    case 'use-macro':
      return insertMacro(form, macros());
    case 'claim': {
      const r = claimTicket(db, id, agent);
      if (!r.ok) {
        const holder = getUserById(db, r.holderId)?.displayName;
        throw new WorkflowError(
          holder ? msg('tickets.claimedBy', { name: holder }) : msg('tickets.claimedByAnother'),
        );
      }
      return 'claimed';
    }
    case 'reply':
    case 'note': {
      const internal = form.get('action') === 'note';
      const macro = macroToApply(form);
      await postMessage(db, form, id, agent, internal, macro);
      return macro !== null ? 'macro' : internal ? 'noted' : 'replied';
    }
    case 'status': {
      const to = STATUSES.find((s) => s === text(form, 'to', 20));
      if (!to) throw new WorkflowError(msg('tickets.chooseStatus'));
      // Only real, published articles can be linked; anything else in the form is ignored.
      const known = new Set(
        getContent(getConfig().contentDir)
          .articles.filter((a) => a.status === 'published' && a.audience === 'employees')
          .map((a) => a.slug),
      );
      const articles = form
        .getAll('articles')
        .map(String)
        .filter((slug) => known.has(slug))
        .slice(0, 10);
      changeStatus(db, id, agent, to, {
        note: text(form, 'note'),
        expectedVersion: version(form),
        articles: to === 'resolved' ? articles : [],
      });
      void refreshTicketDocument(db, id);
      return 'status';
    }
    case 'assign': {
      const to = text(form, 'assignee', 12);
      assignTicket(db, id, agent, to ? Number(to) : null, version(form));
      return 'assigned';
    }
    case 'escalate':
      moveTier(db, id, agent, 'up', text(form, 'reason', 2000), version(form));
      return 'escalated';
    case 'send-back':
      moveTier(db, id, agent, 'down', text(form, 'reason', 2000), version(form));
      return 'sent-back';
    case 'classify': {
      const impact = ImpactSchema.safeParse(form.get('impact'));
      const urgency = UrgencySchema.safeParse(form.get('urgency'));
      const category = text(form, 'category', 60) || null;
      const known = getContent(getConfig().contentDir).categories.some((c) => c.slug === category);
      if (!impact.success || !urgency.success || (category && !known))
        throw new WorkflowError(msg('tickets.classifyFromLists'));
      updateClassification(
        db,
        id,
        agent,
        { category, impact: impact.data, urgency: urgency.data },
        version(form),
      );
      return 'classified';
    }
    default:
      throw new WorkflowError(msg('tickets.unknownAction'));
  }
}

/** /agent/tickets/<number>: everything about a ticket, and the agent's actions on it. Null → 404. */
export async function agentTicketPage(request: Request, locals: App.Locals, number: string | undefined) {
  const agent = requireRole(locals, ['agent']);
  const db = getDb();
  const found = /^\d{1,9}$/.test(number ?? '') ? getTicketForViewer(db, Number(number), agent) : null;
  if (!found) return null;
  const base = `/agent/tickets/${found.number}`;
  const requesterName = () => getUserById(db, found.requesterId)?.displayName ?? '';
  const outcome = await runAction(request, base, locals.i18n, (form) =>
    runAgentAction(db, agent, found.id, form, () => macroChoices(agent, found, requesterName(), locals.i18n)),
  );
  if ('redirect' in outcome) return outcome;
  const ticket = getTicketForViewer(db, found.number, agent)!;
  if (agent.kind === 'user') writeUnlessStorageRefuses(() => markTicketRead(db, agent.id, ticket.id));
  // Articles that match the ticket, to link when resolving or to quote in a reply; and how similar tickets were solved.
  const [matches, similar] = await Promise.all([
    // Read in the language the requester wrote in, so a German ticket finds the German texts first.
    suggestForRequest(
      agent,
      `${ticket.subject}\n${ticket.description}`,
      undefined,
      5,
      ticket.language ?? undefined,
    ).catch(() => ({
      results: [],
    })),
    findSimilarResolved(db, ticket),
  ]);
  const articles = new Map(getContent(getConfig().contentDir).articles.map((a) => [a.slug, a]));
  const forEmployees = (slug: string) =>
    articles.get(slug)?.audience === 'employees' && articles.get(slug)?.status === 'published';
  return {
    ...outcome,
    // Only agents of the ticket's tier or above may take it (decision 041).
    agents: listAgents(db).filter((a) => (a.tier ?? 1) >= ticket.tier),
    myTier: agent.kind === 'user' ? (agent.agentTier ?? 1) : 1,
    followers: listFollowers(db, ticket.id),
    // Each article title carries its language (`lang`): it may not be the reader's.
    matches: matches.results
      .filter((m) => forEmployees(m.slug))
      .map((m) => ({ ...m, lang: articles.get(m.slug)!.locale })),
    similar:
      similar?.map((s) => ({
        ...s,
        articles: s.articles.filter(forEmployees).map((slug) => {
          const { title, url, locale } = articles.get(slug)!;
          return { slug, title, url, lang: locale };
        }),
      })) ?? null,
    ...describeTicket(ticket, true),
    slaClock: describeSlaClock(explainSla(db, ticket.id), ticket.priority, locals.i18n),
    macros: macroChoices(agent, ticket, requesterName(), locals.i18n),
  };
}

/** What both sides render of a ticket; agents also get internal events and the SLA picture. */
function describeTicket(ticket: Ticket, forAgent: boolean) {
  const db = getDb();
  const content = getContent(getConfig().contentDir);
  const titles = new Map(content.articles.map((a) => [a.slug, a]));
  const withTitles = (list: Ticket['tried']) =>
    list.map((t) => ({
      ...t,
      title: titles.get(t.slug)?.title ?? t.slug,
      url: titles.get(t.slug)?.url ?? null,
      lang: titles.get(t.slug)?.locale ?? 'en',
    }));
  const requester = getUserById(db, ticket.requesterId);
  const assignee = ticket.assigneeId ? getUserById(db, ticket.assigneeId) : null;
  const attachments = listAttachments(db, ticket.id, { includeInternal: forAgent });
  return {
    ticket,
    requester: requester ? { name: requester.displayName, email: requester.email } : null,
    assignee: assignee?.displayName ?? null,
    descriptionHtml: renderMarkdown(ticket.description, { rawHtmlAsText: true }).html,
    // What the requester opened or answered "No" to is what they tried; what was only shown is listed
    // apart: a suggestion nobody opened says little about the problem.
    tried: withTitles(ticket.tried.filter((t) => t.opened || t.rejected)),
    shown: withTitles(ticket.tried.filter((t) => !t.opened && !t.rejected)),
    linked: linkedArticles(db, ticket.id).map((slug) => ({
      slug,
      title: titles.get(slug)?.title ?? slug,
      url: titles.get(slug)?.url ?? null,
      lang: titles.get(slug)?.locale ?? 'en',
    })),
    timeline: getTimeline(db, ticket.id, { includeInternal: forAgent }).map((e) => ({
      ...e,
      // A note the desk wrote itself is worded for the reader (the page's `text`); null for people's.
      systemNote: systemNoteMessage(e.body),
      bodyHtml:
        e.body && (e.type === 'reply' || e.type === 'note')
          ? renderMarkdown(e.body, { rawHtmlAsText: true }).html
          : null,
      attachments: attachments.filter((a) => a.eventId === e.id),
    })),
    ticketAttachments: attachments.filter((a) => a.eventId === null),
    categories: content.categories,
    sla: {
      firstResponse: {
        dueAt: ticket.firstResponseDueAt,
        state: slaState({
          startedAt: ticket.createdAt,
          dueAt: ticket.firstResponseDueAt,
          warnAt: ticket.firstResponseWarnAt,
          doneAt: ticket.firstRespondedAt,
          pausedSince: ticket.pendingSince,
          pausedMs: ticket.pausedMs,
        }),
      },
      resolution: {
        dueAt: ticket.resolutionDueAt,
        state: slaState({
          startedAt: ticket.createdAt,
          dueAt: ticket.resolutionDueAt,
          warnAt: ticket.resolutionWarnAt,
          doneAt: ticket.resolvedAt,
          pausedSince: ticket.pendingSince,
          pausedMs: ticket.pausedMs,
        }),
      },
    },
  };
}

/** /requests/<number> for its requester (or an agent looking): public timeline, reply, confirm or reopen, rate. Null → 404. */
export async function requesterTicketPage(request: Request, locals: App.Locals, number: string | undefined) {
  const person = requirePerson(locals);
  const db = getDb();
  const found = /^\d{1,9}$/.test(number ?? '') ? getTicketForViewer(db, Number(number), person) : null;
  if (!found) return null;
  const base = `/requests/${found.number}`;
  const outcome = await runAction(request, base, locals.i18n, async (form) => {
    switch (form.get('action')) {
      case 'reply':
        await postMessage(db, form, found.id, person, false);
        return 'sent';
      case 'confirm':
        changeStatus(db, found.id, person, 'closed');
        void refreshTicketDocument(db, found.id);
        return 'confirmed';
      case 'reopen':
        changeStatus(db, found.id, person, 'open', { note: text(form, 'reason', 2000) });
        void refreshTicketDocument(db, found.id);
        return 'reopened';
      case 'rate':
        rateTicket(db, found.id, person, Number(form.get('rating')), text(form, 'comment', 2000));
        return 'rated';
      default:
        throw new WorkflowError(msg('tickets.unknownAction'));
    }
  });
  if ('redirect' in outcome) return outcome;
  const ticket = getTicketForViewer(db, found.number, person)!;
  writeUnlessStorageRefuses(() => markTicketRead(db, person.id, ticket.id));
  return { ...outcome, isRequester: ticket.requesterId === person.id, ...describeTicket(ticket, false) };
}

/** /requests: the signed-in person's tickets. */
export function myRequestsPage(locals: App.Locals) {
  const person = requirePerson(locals);
  return { tickets: listRequesterTickets(getDb(), person.id) };
}

type LogTicketForm = {
  email: string;
  channel: string;
  subject: string;
  description: string;
  impact: string;
  urgency: string;
  category: string;
};
type LogTicketView =
  | { redirect: string }
  | {
      status: number;
      values: LogTicketForm;
      errors: Record<string, string>;
      categories: Category[];
      idempotencyKey: string;
    };

/** /agent/new: an agent logs a ticket for a caller or a walk-in, on behalf of an existing account. */
export async function logTicketPage(request: Request, locals: App.Locals): Promise<LogTicketView> {
  const agent = requirePerson(locals, ['agent']);
  const categories = getContent(getConfig().contentDir).categories;
  const empty: LogTicketForm = {
    email: '',
    channel: 'phone',
    subject: '',
    description: '',
    impact: 'one',
    urgency: 'medium',
    category: '',
  };
  // A new key per form shown: submitting the same form twice logs one ticket.
  const idempotencyKey = randomUUID();
  if (request.method !== 'POST')
    return { status: 200, values: empty, errors: {}, categories, idempotencyKey };
  const form = await readForm(request);
  const field = (name: keyof LogTicketForm) => text(form, name, name === 'description' ? 20_000 : 254);
  const values: LogTicketForm = {
    email: field('email'),
    channel: field('channel'),
    subject: field('subject'),
    description: field('description'),
    impact: field('impact'),
    urgency: field('urgency'),
    category: field('category'),
  };
  const { i18n } = locals;
  const errors: Record<string, string> = {};
  const requester = getUserByEmail(getDb(), values.email);
  if (!requester || requester.disabled) errors.email = i18n.t('agent.noAccount');
  const channel = CHANNELS.find((c) => c === values.channel && c !== 'web');
  if (!channel) errors.channel = i18n.t('agent.chooseChannel');
  if (requester && channel && !errors.email) {
    try {
      const { ticket } = createTicket(
        getDb(),
        requester.id,
        {
          subject: values.subject,
          description: values.description,
          impact: values.impact,
          urgency: values.urgency,
          category: values.category,
        },
        {
          channel,
          loggedBy: agent.id,
          categories: categories.map((c) => c.slug),
          idempotencyKey: text(form, 'idempotencyKey', 64) || undefined,
        },
      );
      return { redirect: `/agent/tickets/${ticket.number}?done=logged` };
    } catch (error) {
      if (error instanceof z.ZodError) {
        const fields = Object.entries(fieldErrors(error)).map(([k, v]) => [k, i18n.text(v)] as const);
        Object.assign(errors, { ...Object.fromEntries(fields), ...errors });
      } else if (error instanceof TicketInputError) errors[error.field] = i18n.t(error.localized);
      else {
        // The disk cannot take the ticket (503): the form comes back filled, with the same key.
        if (!storageRefusal(error)) throw error;
        errors.form = i18n.t('tickets.storageRefused');
      }
    }
  }
  return {
    status: errors.form ? 503 : 400,
    values,
    errors,
    categories,
    idempotencyKey: text(form, 'idempotencyKey', 64) || idempotencyKey,
  };
}
