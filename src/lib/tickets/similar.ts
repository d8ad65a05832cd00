import type { Meilisearch } from 'meilisearch';
import { getConfig } from '#lib/config/config.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { getSearchClient } from '#lib/search/client.ts';
import { ARTICLE_INDEX_SETTINGS } from '#lib/search/index-settings.ts';
import { completeSearchUpdate, enqueueSearchUpdate } from '#lib/search/outbox.ts';
import { shapeQuery } from '#lib/search/shape-query.ts';
import { linkedArticles } from './workflow.ts';
import { getLogger } from '#lib/config/log.ts';

/**
 * Resolved tickets as a Meilisearch index, so agents find how a similar problem was solved before.
 * Ticket text is personal: this index is only ever queried on the server for agents (the employee
 * facing search endpoints query the articles index alone), and the browser never gets a key for it.
 */
export const ticketIndexName = (prefix: string = getConfig().meili.indexPrefix) => `${prefix}tickets`;

export type TicketDocument = {
  id: number;
  number: number;
  subject: string;
  description: string;
  resolution: string;
  category: string | null;
  status: string;
  resolvedAt: string | null;
};

const SETTINGS = {
  searchableAttributes: ['subject', 'resolution', 'description'],
  filterableAttributes: ['status', 'id'],
  displayedAttributes: ['id'],
  stopWords: ARTICLE_INDEX_SETTINGS.stopWords,
  synonyms: ARTICLE_INDEX_SETTINGS.synonyms,
  typoTolerance: ARTICLE_INDEX_SETTINGS.typoTolerance,
};
const TASK_WAIT = { timeout: 120_000, interval: 50 };
/** Long descriptions (pasted logs) add nothing to finding the problem but cost indexing time. */
const DESCRIPTION_CHARS = 2000;

function ticketDocuments(db: Db, where: string, ...params: unknown[]): TicketDocument[] {
  const rows = sql(
    db,
    `SELECT id, number, subject, substr(description, 1, ${DESCRIPTION_CHARS}) AS description, coalesce(resolution, '') AS resolution, category, status, resolved_at AS resolvedAt FROM tickets WHERE ${where}`,
  ).all(...params);
  return rows as TicketDocument[];
}

export async function ensureTicketIndex(client: Meilisearch, uid: string): Promise<void> {
  try {
    await client.getIndex(uid);
  } catch {
    await client.createIndex(uid, { primaryKey: 'id' }).waitTask(TASK_WAIT);
  }
  await client.index(uid).updateSettings(SETTINGS).waitTask(TASK_WAIT);
}

/**
 * Brings the index up to date with the database at start: every ticket that was ever resolved is sent
 * when the counts differ (Meilisearch replaces documents by id, so sending twice is harmless).
 */
export async function syncTicketIndex(
  db: Db,
  client: Meilisearch,
  uid: string,
  options: { wait?: boolean } = {},
): Promise<{ sent: number }> {
  await ensureTicketIndex(client, uid);
  // Counted first: loading every resolved ticket at each start is only worth it when the index lacks some.
  const resolved = sql(db, 'SELECT count(*) FROM tickets WHERE resolution IS NOT NULL')
    .pluck()
    .get() as number;
  const stats = await client.index(uid).getStats();
  if (stats.numberOfDocuments === resolved && !options.wait) return { sent: 0 };
  const docs = ticketDocuments(db, 'resolution IS NOT NULL');
  for (let i = 0; i < docs.length; i += 5000) {
    const task = client.index(uid).addDocuments(docs.slice(i, i + 5000));
    if (options.wait) await task.waitTask(TASK_WAIT);
    else await task;
  }
  return { sent: docs.length };
}

/** Sends one ticket's current state; throws when the engine does not take it. */
export async function pushTicketDocument(
  db: Db,
  ticketId: number,
  client: Meilisearch,
  uid = ticketIndexName(),
): Promise<void> {
  const [doc] = ticketDocuments(db, 'id = ? AND resolution IS NOT NULL', ticketId);
  if (doc) await client.index(uid).addDocuments([doc]);
}

/**
 * After a ticket was resolved, reopened or closed: sends its state through the outbox, so an update
 * made while the engine is away is applied when it is back. Never throws.
 */
export async function refreshTicketDocument(
  db: Db,
  ticketId: number,
  client: Meilisearch | null = getSearchClient(),
  uid = ticketIndexName(),
): Promise<void> {
  if (!client) return;
  // Callers do not wait for this (nor catch): it must not reject, even when the disk refuses the outbox row.
  let queued: ReturnType<typeof enqueueSearchUpdate>;
  try {
    queued = enqueueSearchUpdate(db, 'ticket', String(ticketId));
  } catch (error) {
    getLogger().warn(`Ticket ${ticketId} not queued for the search index: ${(error as Error).message}`);
    return;
  }
  try {
    await pushTicketDocument(db, ticketId, client, uid);
    completeSearchUpdate(db, queued.id, queued.at);
  } catch (error) {
    getLogger().warn(`Ticket ${ticketId} waits in the search outbox: ${(error as Error).message}`);
  }
}

export type SimilarTicket = {
  number: number;
  subject: string;
  resolution: string;
  resolvedAt: string | null;
  articles: string[];
};

/**
 * The resolved tickets most like this one, with how they were solved and the articles that helped.
 * Null when the engine cannot answer (the page says so instead of failing).
 */
export async function findSimilarResolved(
  db: Db,
  ticket: { id: number; subject: string; description: string },
  options: { limit?: number; client?: Meilisearch | null; uid?: string } = {},
): Promise<SimilarTicket[] | null> {
  const client = options.client === undefined ? getSearchClient(800) : options.client;
  if (!client) return null;
  const query = shapeQuery(ticket.subject, ticket.description).engineQuery;
  if (!query) return [];
  try {
    const { hits } = await client.index(options.uid ?? ticketIndexName()).search<{ id: number }>(query, {
      filter: `status IN [resolved, closed] AND id != ${Number(ticket.id)}`,
      matchingStrategy: 'frequency',
      limit: options.limit ?? 5,
      attributesToRetrieve: ['id'],
    });
    if (hits.length === 0) return [];
    // The database, not the index, is the truth for what agents read (the resolution may have changed).
    const ids = hits.map((h) => h.id);
    const rows = ticketDocuments(
      db,
      `id IN (${ids.map(() => '?').join(',')}) AND resolution IS NOT NULL`,
      ...ids,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      return [
        {
          number: row.number,
          subject: row.subject,
          resolution: row.resolution,
          resolvedAt: row.resolvedAt,
          articles: linkedArticles(db, id),
        },
      ];
    });
  } catch {
    return null;
  }
}
