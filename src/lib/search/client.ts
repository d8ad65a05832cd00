import { Meilisearch } from 'meilisearch';
import { getConfig } from '#lib/config/config.ts';
import type { SearchEndpoint } from './engine.ts';
import { nodeHttpClient } from './http-client.ts';

const clients = new Map<string, Meilisearch>();

/** A client for an endpoint; requests time out quickly so a stalled engine cannot hang a page. */
export function createSearchClient(endpoint: SearchEndpoint, timeoutMs = 3000): Meilisearch {
  const key = `${endpoint.url}|${endpoint.apiKey ?? ''}|${timeoutMs}`;
  let client = clients.get(key);
  if (!client) {
    client = new Meilisearch({
      host: endpoint.url,
      apiKey: endpoint.apiKey,
      timeout: timeoutMs,
      httpClient: nodeHttpClient,
    });
    clients.set(key, client);
  }
  return client;
}

/**
 * The web server's client. `npm start` publishes the managed engine's address as MEILI_URL and
 * MEILI_API_KEY before the server loads, so the server only ever sees "an engine at this address".
 */
export function getSearchClient(timeoutMs = 3000): Meilisearch | null {
  const { meili } = getConfig();
  return meili.url ? createSearchClient({ url: meili.url, apiKey: meili.apiKey }, timeoutMs) : null;
}

/** Name of the articles index, with the configured prefix. */
export function articleIndexName(prefix: string = getConfig().meili.indexPrefix): string {
  return `${prefix}articles`;
}
