import type { APIRoute } from 'astro';
import { checkHealth } from '#lib/web/health.ts';

export const GET: APIRoute = async () => {
  const health = await checkHealth();
  return Response.json(health, {
    status: health.db === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
};
