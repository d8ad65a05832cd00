import { z } from 'zod';
import { getConfig } from '#lib/config/config.ts';
import { getContent } from '#lib/content/store.ts';
import { getDb } from '#lib/db/connection.ts';
import type { Db } from '#lib/db/db.ts';
import type { Principal } from '#lib/auth/roles.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import { msg } from '#lib/i18n/translate.ts';
import { applyBulkAction, BULK_LIMIT, BulkActionSchema, type BulkPick } from '#lib/tickets/bulk.ts';
import { listAttachments } from '#lib/tickets/attachments.ts';
import { linkTickets, listLinkedTickets, unlinkTickets } from '#lib/tickets/links.ts';
import { checkMerge, listMergedInto, mergeTicket } from '#lib/tickets/merge.ts';
import { refreshTicketDocument } from '#lib/tickets/similar.ts';
import { getTicketByNumber, getTicketForViewer } from '#lib/tickets/tickets.ts';
import { ConflictError, listAgents, WorkflowError } from '#lib/tickets/workflow.ts';
import { getUserById } from '#lib/auth/users.ts';
import { requireRole } from './guards.ts';
import { formText, readForm } from './http.ts';

/** What the queue shows after a bulk action: "7 changed, 2 refused: T-12 (…)", in the reader's language. */
export type BulkSummary = {
  changed: string[];
  refused: Array<{ ticket: string; reason: string }>;
};

export type BulkOutcome = { status: number; summary: BulkSummary | null; error: string | null };

const TicketNumber = z.coerce.number().int().min(1).max(999_999_999);

/** A checkbox's value: "1234@7" (the ticket and the version the agent saw) or "1234". */
function readPicks(form: FormData): BulkPick[] | null {
  const picks: BulkPick[] = [];
  for (const value of form.getAll('ticket')) {
    const m = /^(\d{1,9})(?:@(\d{1,9}))?$/.exec(String(value));
    if (!m) return null;
    picks.push({ number: Number(m[1]), version: m[2] === undefined ? undefined : Number(m[2]) });
  }
  return picks;
}

/** The action the pressed button names, with its own field(s), as BulkActionSchema reads it. */
function readAction(form: FormData, agent: Principal): unknown {
  const field = (name: string, max = 2000) => formText(form, name, max);
  switch (field('bulk', 20)) {
    case 'assign': {
      const to = field('assignee', 12);
      return {
        kind: 'assign',
        assigneeId: to === 'me' ? (agent.kind === 'user' ? agent.id : -1) : Number(to) || -1,
      };
    }
    case 'status':
      return { kind: 'status', to: field('to', 20) || undefined, note: field('note', 20_000) };
    case 'priority':
      return { kind: 'priority', priority: Number(field('priority', 2)) };
    case 'category':
      return { kind: 'category', category: field('category', 60) || null };
    case 'escalate':
      return { kind: 'escalate', reason: field('reason') };
    default:
      return { kind: 'unknown' };
  }
}

/**
 * A bulk action posted from the queue (/agent): each picked ticket checked and changed on its own
 * (src/lib/tickets/bulk.ts); a form that cannot be read is refused as a whole (400) with a sentence.
 */
export async function bulkActionOutcome(request: Request, locals: App.Locals): Promise<BulkOutcome> {
  const agent = requireRole(locals, ['agent']);
  if (request.method !== 'POST') return { status: 200, summary: null, error: null };
  const { i18n } = locals;
  const refuse = (key: Parameters<I18n['t']>[0]) => ({ status: 400, summary: null, error: i18n.t(key) });
  const form = await readForm(request);
  const picks = readPicks(form);
  if (picks === null) return refuse('desk.bulkUnreadable');
  if (picks.length === 0) return refuse('desk.bulkNothingPicked');
  if (picks.length > BULK_LIMIT) return refuse('desk.bulkTooMany');
  const parsed = BulkActionSchema.safeParse(readAction(form, agent));
  if (!parsed.success) {
    const said = parsed.error.issues[0]?.message ?? '';
    return {
      status: 400,
      summary: null,
      error: said.startsWith('desk.') ? i18n.text(said) : i18n.t('desk.bulkChooseAction'),
    };
  }
  const action = parsed.data;
  if (action.kind === 'status' && action.to === 'resolved' && !action.note)
    return refuse('desk.bulkResolveNote');
  const db = getDb();
  if (action.kind === 'category' && action.category !== null) {
    const known = getContent(getConfig().contentDir).categories.some((c) => c.slug === action.category);
    if (!known) return refuse('desk.bulkChooseCategory');
  }
  const result = applyBulkAction(db, agent, picks, action);
  if (action.kind === 'status') for (const n of result.changed) refreshDocument(db, n);
  return {
    status: 200,
    error: null,
    summary: {
      changed: result.changed.map((n) => `T-${n}`),
      refused: result.refused.map((r) => ({ ticket: `T-${r.number}`, reason: i18n.t(r.reason) })),
    },
  };
}

function refreshDocument(db: Db, number: number): void {
  const ticket = getTicketByNumber(db, number);
  if (ticket) void refreshTicketDocument(db, ticket.id);
}

/** The agents a bulk assignment can name (the per-ticket tier check decides). */
export function bulkAssignees() {
  return listAgents(getDb());
}

/**
 * The link and merge side of the agent ticket page: related tickets, and the tickets merged into this one
 * with their files (they stay on the merged ticket, whose own page leads here).
 */
export function ticketRelations(ticketId: number) {
  const db = getDb();
  return {
    links: listLinkedTickets(db, ticketId),
    mergedHere: listMergedInto(db, ticketId).map((m) => ({
      number: m.number,
      subject: m.subject,
      attachments: listAttachments(db, m.id, { includeInternal: true }),
    })),
  };
}

/** The ticket page's "link" and "unlink" buttons; answers the notice key. */
export function runLinkAction(db: Db, agent: Principal, ticketId: number, form: FormData): string {
  const other = TicketNumber.safeParse(formText(form, 'other', 20).replace(/^\s*(?:t-?|#)/i, ''));
  if (!other.success) throw new WorkflowError(msg('desk.linkNumber'));
  if (form.get('action') === 'unlink') {
    unlinkTickets(db, ticketId, other.data, agent);
    return 'unlinked';
  }
  linkTickets(db, ticketId, other.data, agent);
  return 'linked';
}

/**
 * Where a page for a merged ticket goes instead: the ticket it was merged into, saying which one was asked
 * for (`?merged=`). Null when the number asked for is the ticket shown.
 */
export function mergedRedirect(base: string, asked: string | undefined, shown: number): string | null {
  return asked !== undefined && Number(asked) !== shown ? `${base}/${shown}?merged=${Number(asked)}` : null;
}

/** "T-12 was merged into this ticket", when `?merged=` names a ticket that really leads here. */
export function mergedNotice(locals: App.Locals, params: URLSearchParams, shown: number): string | null {
  const { principal, i18n } = locals;
  const asked = TicketNumber.safeParse(params.get('merged'));
  if (!asked.success || !principal) return null;
  const leadsHere = getTicketForViewer(getDb(), asked.data, principal)?.number === shown;
  return leadsHere ? i18n.t('desk.mergedHere', { ticket: `T-${asked.data}` }) : null;
}

/**
 * /agent/tickets/<number>/merge: pick the ticket to keep by number (`?into=`), see both, confirm (POST).
 * Null → 404 (no such ticket, or it is already merged: its page leads to the survivor).
 */
export async function mergePage(request: Request, locals: App.Locals, number: string | undefined) {
  const agent = requireRole(locals, ['agent']);
  const db = getDb();
  const n = TicketNumber.safeParse(number);
  const duplicate = n.success ? getTicketByNumber(db, n.data) : null;
  if (!duplicate) return null;
  if (duplicate.mergedInto !== null) return { redirect: `/agent/tickets/${duplicate.number}` };
  const { i18n } = locals;
  const form = request.method === 'POST' ? await readForm(request) : null;
  const typed = (form ? formText(form, 'into', 20) : (new URL(request.url).searchParams.get('into') ?? ''))
    .trim()
    .replace(/^(?:t-?|#)/i, '');
  const into = typed === '' ? null : TicketNumber.safeParse(typed);
  const view = (status: number, error: string | null) => {
    const survivor = into?.success ? getTicketByNumber(db, into.data) : null;
    const requester = (id: number) => getUserById(db, id)?.displayName ?? null;
    return {
      status,
      error,
      typed,
      duplicate: { ...duplicate, requesterName: requester(duplicate.requesterId) },
      survivor: survivor && !error ? { ...survivor, requesterName: requester(survivor.requesterId) } : null,
    };
  };
  if (into === null) return view(form ? 400 : 200, form ? i18n.t('desk.mergeNumber') : null);
  if (!into.success) return view(400, i18n.t('desk.mergeNumber'));
  const refusal = checkMerge(db, duplicate.number, into.data);
  if (refusal) return view(form ? 400 : 200, i18n.t(refusal));
  if (!form) return view(200, null);
  try {
    const { survivorNumber } = mergeTicket(db, duplicate.number, into.data, agent, {
      expectedVersion: Number(form.get('version')) || undefined,
    });
    void refreshTicketDocument(db, duplicate.id);
    return { redirect: `/agent/tickets/${survivorNumber}?done=merged&merged=${duplicate.number}` };
  } catch (error) {
    if (error instanceof WorkflowError)
      return view(error instanceof ConflictError ? 409 : 400, i18n.t(error.localized));
    throw error;
  }
}
