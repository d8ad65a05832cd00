import http from 'node:http';
import https from 'node:https';
import { MeilisearchApiError } from 'meilisearch';

// Keep-alive connections to the engine: a new TCP connection per search is wasted time.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * The transport for the Meilisearch client, on node:http instead of fetch. Measured here: a search
 * sent with Node's fetch took 41–50 ms where the same request by node:http took 3–9 ms, because
 * fetch sends the headers and the JSON body as separate packets and the engine answers only after a
 * delayed TCP acknowledgement (~40 ms). node:http writes them together. Same contract as the
 * client's own fetch path: parsed JSON back, MeilisearchApiError for a non-2xx answer.
 */
export function nodeHttpClient(input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<unknown> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const transport = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  const body = typeof init.body === 'string' ? init.body : undefined;
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));

  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method: init.method ?? 'GET',
        headers,
        agent: agents[url.protocol as 'http:' | 'https:'],
        signal: init.signal ?? undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch (error) {
            return reject(error);
          }
          const status = res.statusCode ?? 500;
          if (status >= 200 && status < 300) return resolve(parsed);
          reject(
            new MeilisearchApiError(
              new Response(text || null, { status, statusText: res.statusMessage }),
              parsed as never,
            ),
          );
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
