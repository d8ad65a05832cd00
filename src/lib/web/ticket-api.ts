import { z } from 'zod';
import type { Locale } from '#lib/i18n/locales.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import type { Principal } from '#lib/auth/roles.ts';
import { getConfig } from '#lib/config/config.ts';
import { getContent } from '#lib/content/store.ts';
import { getDb } from '#lib/db/connection.ts';
import { discardUploads, type StoredFile } from '#lib/tickets/attachments.ts';
import { fieldErrors } from '#lib/validation/field-errors.ts';
import { requireUser } from './guards.ts';
import { STORAGE_REFUSAL_API, STORAGE_RETRY_AFTER_SECONDS } from './storage-refusal.ts';
import { isStorageError } from '#lib/db/storage-errors.ts';
import {
  createTicket,
  getTicketForViewer,
  TicketInputError,
  TicketLimitError,
  type Ticket,
} from '#lib/tickets/tickets.ts';

/** The JSON shape of a ticket for its requester and agents. */
export function ticketJson(ticket: Ticket) {
  const {
    id,
    number,
    reference,
    subject,
    description,
    category,
    impact,
    urgency,
    priority,
    status,
    channel,
    createdAt,
    tried,
  } = ticket;
  return {
    id,
    number,
    reference,
    url: `/requests/${number}`,
    subject,
    description,
    category,
    impact,
    urgency,
    priority: `P${priority}`,
    status,
    channel,
    createdAt,
    tried,
  };
}

export type FileOutcome =
  | { status: 201 | 200; ticket: Ticket }
  | { status: 400; error: string; fields: Record<string, string> }
  | { status: 429; error: string; fields: Record<string, string>; retryAfterSeconds: number }
  | { status: 503; error: string };

/**
 * Files a ticket for the principal from untrusted input; every refusal is a sentence and a field.
 * `files` (already checked and stored) are recorded with the ticket, or removed again when it is refused or a repeat.
 * A full or read-only disk is a 503 with a sentence: nothing was saved, and the same call works later.
 */
export function fileTicket(
  principal: Principal,
  input: unknown,
  idempotencyKey: string | null,
  i18n: I18n,
  files: StoredFile[] = [],
  /** The requester's portal language when filed from a page; the API leaves it to detection from the text. */
  language?: Locale,
): FileOutcome {
  const { dataDir, contentDir, limits } = getConfig();
  const refuse = (outcome: FileOutcome) => {
    discardUploads(dataDir, files);
    return outcome;
  };
  if (principal.kind !== 'user')
    return refuse({
      status: 400,
      error: 'Tickets are filed by people: sign in, or use a personal account.',
      fields: {},
    });
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return refuse({ status: 400, error: 'Send a JSON object with subject and description.', fields: {} });
  const categories = getContent(contentDir).categories.map((c) => c.slug);
  try {
    const { ticket, created } = createTicket(getDb(), principal.id, input, {
      idempotencyKey: idempotencyKey ?? undefined,
      categories,
      files,
      maxPerHour: limits.ticketsPerHour,
      language,
    });
    if (!created) discardUploads(dataDir, files);
    return { status: created ? 201 : 200, ticket };
  } catch (error) {
    discardUploads(dataDir, files);
    if (error instanceof z.ZodError) {
      // zod's messages are catalogue keys: worded for the reader.
      const fields = Object.fromEntries(
        Object.entries(fieldErrors(error)).map(([field, said]) => [field, i18n.text(said)]),
      );
      return { status: 400, error: Object.values(fields)[0] ?? 'Check the form.', fields };
    }
    if (error instanceof TicketInputError) {
      const said = i18n.t(error.localized);
      return { status: 400, error: said, fields: { [error.field]: said } };
    }
    if (error instanceof TicketLimitError)
      return {
        status: 429,
        error: i18n.t(error.localized),
        fields: {},
        retryAfterSeconds: error.retryAfterSeconds,
      };
    if (isStorageError(error)) return { status: 503, error: STORAGE_REFUSAL_API };
    throw error;
  }
}

export function viewTicket(principal: Principal, number: string | undefined): Ticket | null {
  return /^\d{1,9}$/.test(number ?? '') ? getTicketForViewer(getDb(), Number(number), principal) : null;
}

/** GET /api/tickets/<number>: someone else's ticket answers exactly like a missing one, so numbers cannot be probed. */
export function answerTicketApiGet(number: string | undefined, locals: App.Locals): Response {
  const ticket = viewTicket(requireUser(locals), number);
  if (!ticket) return Response.json({ error: 'Not found.' }, { status: 404 });
  return Response.json(ticketJson(ticket), { headers: { 'Cache-Control': 'no-store' } });
}

const MAX_JSON_BODY = 64 * 1024;

/** POST /api/tickets: a JSON ticket, idempotent by the Idempotency-Key header; every refusal is a sentence. */
export async function answerTicketApiPost(request: Request, locals: App.Locals): Promise<Response> {
  const principal = requireUser(locals);
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    return Response.json(
      { error: 'Send the ticket as JSON (Content-Type: application/json).', fields: {} },
      { status: 415 },
    );
  }
  const text = await request.text();
  if (text.length > MAX_JSON_BODY)
    return Response.json({ error: 'The request is too large (64 KB at most).', fields: {} }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return Response.json({ error: 'The body is not valid JSON.', fields: {} }, { status: 400 });
  }
  const outcome = fileTicket(principal, body, request.headers.get('idempotency-key'), locals.i18n);
  if (outcome.status === 429) {
    const headers = { 'Retry-After': String(outcome.retryAfterSeconds) };
    return Response.json({ error: outcome.error, fields: {} }, { status: 429, headers });
  }
  if (outcome.status === 400)
    return Response.json({ error: outcome.error, fields: outcome.fields }, { status: 400 });
  if (outcome.status === 503)
    return Response.json(
      { error: outcome.error },
      { status: 503, headers: { 'Retry-After': String(STORAGE_RETRY_AFTER_SECONDS) } },
    );
  const { id, number, url } = ticketJson(outcome.ticket);
  return Response.json({ id, number, url }, { status: outcome.status, headers: { Location: url } });
}
