import type { APIRoute } from 'astro';
import { requireUser } from '#lib/auth/guards.ts';
import { ticketJson, viewTicket } from '#lib/tickets/ticket-api.ts';

export const GET: APIRoute = ({ params, locals }) => {
  const ticket = viewTicket(requireUser(locals), params.number);
  // Someone else's ticket answers exactly like a missing one: numbers cannot be probed.
  if (!ticket) return Response.json({ error: 'Not found.' }, { status: 404 });
  return Response.json(ticketJson(ticket), { headers: { 'Cache-Control': 'no-store' } });
};
