import { requirePerson, requireUser } from '../auth/guards.ts';
import { getConfig } from '../config/config.ts';
import { getContent } from '../content/store.ts';
import { getDb } from '../db/connection.ts';
import { viewTicket } from './ticket-api.ts';
import { listRequesterTickets } from './tickets.ts';

/** /requests: the signed-in person's tickets. */
export function myRequestsPage(locals: App.Locals) {
  const person = requirePerson(locals);
  return { tickets: listRequesterTickets(getDb(), person.id) };
}

/** /requests/<number>: the ticket for its requester or an agent, with the titles of what was tried; null → 404. */
export function requestPage(locals: App.Locals, number: string | undefined) {
  const ticket = viewTicket(requireUser(locals), number);
  if (!ticket) return null;
  const titles = new Map(getContent(getConfig().contentDir).articles.map((a) => [a.slug, { title: a.title, url: a.url }]));
  return { ticket, tried: ticket.tried.map((t) => ({ ...t, title: titles.get(t.slug)?.title ?? t.slug, url: titles.get(t.slug)?.url ?? null })) };
}
