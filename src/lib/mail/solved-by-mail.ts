import { getHelpRequest, recordOutcome, triedArticles } from '#lib/deflection/requests.ts';
import type { Db } from '#lib/db/db.ts';
import { getTicketById, type Ticket } from '#lib/tickets/tickets.ts';
import { closeSolvedBySelfService } from '#lib/tickets/workflow.ts';
import { checkLink, isLinkUsed, signLink, useLinkOnce } from './links.ts';

/** How long a "This solved it" link in an acknowledgement works. */
export const SOLVED_LINK_DAYS = 14;

/**
 * The token of the "This solved it — close my request" link for the `rank`-th article an acknowledgement
 * lists (1–3): it names the person, the help request and the rank, so it says which article and ticket.
 */
export function solvedLinkToken(
  db: Db,
  link: { userId: number; requestId: string; rank: number },
  now = new Date(),
): string {
  const expires = new Date(now.getTime() + SOLVED_LINK_DAYS * 86_400_000);
  return signLink(db, 'solved', `${link.userId}-${link.rank}-${link.requestId}`, expires);
}

/** What a link leads to: its ticket and article, or why it no longer works. */
export type SolvedLink =
  | { state: 'forged' | 'expired' }
  /** `used`: this link did it already; `closed`: the ticket was closed some other way; `ready`: ask. */
  | { state: 'used' | 'closed' | 'ready'; ticket: Ticket; slug: string };

function resolveToken(db: Db, token: string, now: Date): SolvedLink {
  const checked = checkLink(db, 'solved', token, now);
  if (checked.state !== 'valid') return { state: checked.state };
  const match = /^(\d{1,12})-([1-3])-([A-Za-z0-9_-]{16,64})$/.exec(checked.payload);
  const request = match ? getHelpRequest(db, match[3]!, Number(match[1])) : null;
  const slug = request && triedArticles(db, request.id).find((a) => a.bestRank === Number(match![2]))?.slug;
  const ticket = request?.ticketId ? getTicketById(db, request.ticketId) : null;
  // A valid signature on a request that is gone (a restored backup): the link cannot work.
  if (!slug || !ticket) return { state: 'forged' };
  if (isLinkUsed(db, token)) return { state: 'used', ticket, slug };
  return { state: ticket.status === 'closed' ? 'closed' : 'ready', ticket, slug };
}

/** Reads a link without changing anything (GET: mail scanners open links). */
export function readSolvedLink(db: Db, token: string, now = new Date()): SolvedLink {
  return resolveToken(db, token, now);
}

/**
 * The person confirmed (POST): the help request counts as a confirmed deflection by mail, and the ticket
 * is resolved by the system with the article as its resolution and closed. The link works once; a
 * second click, or one after the ticket was closed, changes nothing and says so.
 */
export function confirmSolvedLink(
  db: Db,
  token: string,
  resolutionNote: (ticket: Ticket, slug: string) => string,
  now = new Date(),
): SolvedLink | { state: 'done'; ticket: Ticket; slug: string } {
  return db.transaction(() => {
    const link = resolveToken(db, token, now);
    if (link.state !== 'ready') return link;
    if (!useLinkOnce(db, 'solved', token, now)) return { ...link, state: 'used' as const };
    recordOutcome(db, link.ticket.requestId!, link.ticket.requesterId, link.slug, true);
    closeSolvedBySelfService(db, link.ticket.id, {
      slug: link.slug,
      note: resolutionNote(link.ticket, link.slug),
      now,
    });
    return { state: 'done' as const, ticket: getTicketById(db, link.ticket.id)!, slug: link.slug };
  })();
}
