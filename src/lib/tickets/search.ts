import { z } from 'zod';
import { sql, type Db } from '#lib/db/db.ts';
import { containsPattern, LIKE_ESCAPE } from '#lib/db/like.ts';
import { STATUSES } from './workflow.ts';

/** What agents search tickets by; anything unusable in the URL is ignored, never an error. */
export const TicketSearchInput = z.object({
  q: z.string().max(200).catch(''),
  status: z.enum(STATUSES).optional().catch(undefined),
  priority: z.coerce.number().int().min(1).max(4).optional().catch(undefined),
  category: z.string().max(60).optional().catch(undefined),
  tier: z.coerce.number().int().min(1).max(3).optional().catch(undefined),
  /** Part of the requester's name or e-mail address. */
  requester: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(200).catch(1),
});
export type TicketSearchInput = z.infer<typeof TicketSearchInput>;

export const SEARCH_PAGE_SIZE = 25;
/** Counting every match of a common word costs more than it tells; past this the count says "more than". */
const COUNT_LIMIT = 1000;

/** `T-1361`, `t1361`, `#1361` or `1361`: the ticket number someone typed, or null. */
export function ticketNumberIn(text: string): number | null {
  const m = /^\s*(?:#|T\s*-?\s*)?(\d{1,9})\s*$/i.exec(text);
  return m ? Number(m[1]) : null;
}

/** Part of a matching text; `hit` parts are the words that matched. */
export type SnippetPart = { text: string; hit: boolean };

export type TicketHit = {
  number: number;
  subject: string;
  status: string;
  priority: number;
  tier: number;
  category: string | null;
  requesterName: string;
  assigneeName: string | null;
  createdAt: string;
  snippet: SnippetPart[];
};

export type TicketSearchResult = {
  /** The ticket a number points at: the page goes straight there. */
  jump: number | null;
  hits: TicketHit[];
  total: number;
  /** True when there are more matches than `total` counts. */
  more: boolean;
  pages: number;
};

// Markers FTS5 puts around matched words; control characters never typed into a ticket.
const OPEN = '\u0001';
const CLOSE = '\u0002';

function toParts(snippet: string | null): SnippetPart[] {
  if (!snippet) return [];
  const parts: SnippetPart[] = [];
  for (const piece of snippet.split(OPEN)) {
    const [hit, rest] = piece.includes(CLOSE) ? piece.split(CLOSE) : [null, piece];
    if (hit) parts.push({ text: hit, hit: true });
    if (rest) parts.push({ text: rest, hit: false });
  }
  return parts;
}

/** The words of a query as an FTS5 expression: every word, each also as a prefix ("print" finds "printer"). */
function matchExpression(q: string): string | null {
  const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  return words.length === 0 ? null : words.map((w) => `"${w}"*`).join(' ');
}

const HIT_COLUMNS = `t.number, t.subject, t.status, t.priority, t.tier, t.category, t.created_at AS createdAt,
  r.display_name AS requesterName, a.display_name AS assigneeName`;
type HitRow = Omit<TicketHit, 'snippet'> & { snippet: string | null };

/**
 * One page of word matches, best first (bm25, subject weighted most). Ranking reads only the index (and
 * the ticket columns a filter needs); the snippets, which cost more than the ranking, are made for the
 * page's tickets alone, in a second pass over the same matches.
 */
function rankedPage(
  db: Db,
  q: { match: string; source: string; condition: string; args: unknown[]; offset: number },
): HitRow[] {
  const ids = sql(
    db,
    `SELECT tickets_fts.rowid FROM ${q.source} WHERE ${q.condition}
      ORDER BY bm25(tickets_fts, 4.0, 1.0, 1.0), tickets_fts.rowid DESC
      LIMIT ? OFFSET ?`,
  )
    .pluck()
    .all(...q.args, SEARCH_PAGE_SIZE, q.offset) as number[];
  if (ids.length === 0) return [];
  // `+rowid` keeps the list out of the index lookup: one pass over the matches instead of one per id.
  const snippets = new Map(
    (
      sql(
        db,
        `SELECT rowid, snippet(tickets_fts, -1, '${OPEN}', '${CLOSE}', '…', 14) AS snippet FROM tickets_fts
          WHERE tickets_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))`,
      ).all(q.match, JSON.stringify(ids)) as Array<{ rowid: number; snippet: string }>
    ).map((r) => [r.rowid, r.snippet]),
  );
  const rows = sql(
    db,
    `SELECT t.id, ${HIT_COLUMNS}
      FROM tickets t JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id
      WHERE t.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as Array<HitRow & { id: number }>;
  const byId = new Map(rows.map(({ id, ...row }) => [id, row]));
  return ids.map((id) => ({ ...byId.get(id)!, snippet: snippets.get(id) ?? null }));
}

/**
 * Ticket search for agents: a ticket number jumps to the ticket; words are looked for in the subject,
 * the description, replies and internal notes (subject weighted most), with filters on status, priority,
 * category, tier and requester. Without words, the filtered tickets newest first.
 */
export function searchTickets(db: Db, input: TicketSearchInput): TicketSearchResult {
  const number = ticketNumberIn(input.q);
  if (number !== null && sql(db, 'SELECT 1 FROM tickets WHERE number = ?').get(number))
    return { jump: number, hits: [], total: 0, more: false, pages: 1 };
  const match = matchExpression(input.q);
  const where: string[] = [];
  const args: unknown[] = [];
  if (match) {
    where.push('tickets_fts MATCH ?');
    args.push(match);
  }
  for (const [column, value] of [
    ['t.status', input.status],
    ['t.priority', input.priority],
    ['t.category', input.category],
    ['t.tier', input.tier],
  ] as const) {
    if (value !== undefined && value !== '') {
      where.push(`${column} = ?`);
      args.push(value);
    }
  }
  if (input.requester) {
    where.push(`(r.display_name LIKE ? ${LIKE_ESCAPE} OR r.email LIKE ? ${LIKE_ESCAPE})`);
    const like = containsPattern(input.requester);
    args.push(like, like);
  }
  if (where.length === 0) return { jump: null, hits: [], total: 0, more: false, pages: 1 };
  const from = `${match ? 'tickets_fts JOIN tickets t ON t.id = tickets_fts.rowid' : 'tickets t'} JOIN users r ON r.id = t.requester_id`;
  const condition = where.join(' AND ');
  // Words alone need no ticket columns: the index answers by itself.
  const source = match && where.length === 1 ? 'tickets_fts' : from;
  const offset = (input.page - 1) * SEARCH_PAGE_SIZE;
  const rows = match
    ? rankedPage(db, { match, source, condition, args, offset })
    : (sql(
        db,
        `SELECT ${HIT_COLUMNS}, NULL AS snippet
          FROM ${from} LEFT JOIN users a ON a.id = t.assignee_id
          WHERE ${condition}
          ORDER BY t.id DESC
          LIMIT ? OFFSET ?`,
      ).all(...args, SEARCH_PAGE_SIZE, offset) as HitRow[]);
  // A page that is not full (or an empty first page) ends the matches: no second pass counts them.
  const counted =
    rows.length < SEARCH_PAGE_SIZE && (rows.length > 0 || offset === 0)
      ? offset + rows.length
      : (sql(db, `SELECT count(*) FROM (SELECT 1 FROM ${source} WHERE ${condition} LIMIT ${COUNT_LIMIT + 1})`)
          .pluck()
          .get(...args) as number);
  const total = Math.min(counted, COUNT_LIMIT);
  return {
    jump: null,
    hits: rows.map((r) => ({ ...r, snippet: toParts(r.snippet) })),
    total,
    more: counted > COUNT_LIMIT,
    pages: Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE)),
  };
}
