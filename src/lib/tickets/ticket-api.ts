import { z } from 'zod';
import type { Principal } from '#lib/auth/roles.ts';
import { getConfig } from '#lib/config/config.ts';
import { getContent } from '#lib/content/store.ts';
import { getDb } from '#lib/db/connection.ts';
import { discardUploads, type StoredFile } from './attachments.ts';
import { createTicket, getTicketForViewer, TicketInputError, type NewTicket, type Ticket } from './tickets.ts';

/** The JSON shape of a ticket for its requester and agents. */
export function ticketJson(ticket: Ticket) {
  const { id, number, reference, subject, description, category, impact, urgency, priority, status, channel, createdAt, tried } = ticket;
  return { id, number, reference, url: `/requests/${number}`, subject, description, category, impact, urgency, priority: `P${priority}`, status, channel, createdAt, tried };
}

export type FileOutcome = { status: 201 | 200; ticket: Ticket } | { status: 400; error: string; fields: Record<string, string> };

/**
 * Files a ticket for the principal from untrusted input; every refusal is a sentence and a field.
 * `files` (already checked and stored) are recorded with the ticket, or removed again when it is refused or a repeat.
 */
export function fileTicket(principal: Principal, input: unknown, idempotencyKey: string | null, files: StoredFile[] = []): FileOutcome {
  const { dataDir, contentDir } = getConfig();
  const refuse = (outcome: FileOutcome) => {
    discardUploads(dataDir, files);
    return outcome;
  };
  if (principal.kind !== 'user') return refuse({ status: 400, error: 'Tickets are filed by people: sign in, or use a personal account.', fields: {} });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return refuse({ status: 400, error: 'Send a JSON object with subject and description.', fields: {} });
  const categories = getContent(contentDir).categories.map((c) => c.slug);
  try {
    const { ticket, created } = createTicket(getDb(), principal.id, input as NewTicket, { idempotencyKey: idempotencyKey ?? undefined, categories, files });
    if (!created) discardUploads(dataDir, files);
    return { status: created ? 201 : 200, ticket };
  } catch (error) {
    discardUploads(dataDir, files);
    if (error instanceof z.ZodError) {
      const fields: Record<string, string> = {};
      for (const issue of error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
      return { status: 400, error: Object.values(fields)[0] ?? 'Check the form.', fields };
    }
    if (error instanceof TicketInputError) return { status: 400, error: error.message, fields: { [error.field]: error.message } };
    throw error;
  }
}

export function viewTicket(principal: Principal, number: string | undefined): Ticket | null {
  return /^\d{1,9}$/.test(number ?? '') ? getTicketForViewer(getDb(), Number(number), principal) : null;
}
