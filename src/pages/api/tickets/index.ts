import type { APIRoute } from 'astro';
import { requireUser } from '#lib/auth/guards.ts';
import { fileTicket, ticketJson } from '#lib/tickets/ticket-api.ts';

const MAX_BODY = 64 * 1024;

export const POST: APIRoute = async ({ request, locals }) => {
  const principal = requireUser(locals);
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    return Response.json({ error: 'Send the ticket as JSON (Content-Type: application/json).', fields: {} }, { status: 415 });
  }
  const text = await request.text();
  if (text.length > MAX_BODY) return Response.json({ error: 'The request is too large (64 KB at most).', fields: {} }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return Response.json({ error: 'The body is not valid JSON.', fields: {} }, { status: 400 });
  }
  const outcome = fileTicket(principal, body, request.headers.get('idempotency-key'));
  if (outcome.status === 400) return Response.json({ error: outcome.error, fields: outcome.fields }, { status: 400 });
  const { id, number, url } = ticketJson(outcome.ticket);
  return Response.json({ id, number, url }, { status: outcome.status, headers: { Location: url } });
};
