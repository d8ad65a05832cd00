import type { APIRoute } from 'astro';
import { checkHealth } from '#lib/web/health.ts';

export const GET: APIRoute = async () => {
  const health = await checkHealth();
  // Degraded (search away, DATA_DIR full or low) is still 200: the portal serves articles, search and
  // suggestions, and refuses only writes, each with its own 503. A load balancer that took a 503 here
  // would take the reads away too. 503 only when the database cannot be read at all.
  return Response.json(health, {
    status: health.db === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
};
