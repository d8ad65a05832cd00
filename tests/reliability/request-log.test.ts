import { afterAll, expect, it } from 'vitest';
import { tempDir } from '#test/temp.ts';
import { signedIn, startApp, stopApp, type RunningApp } from './app.ts';

let app: RunningApp | undefined;
afterAll(async () => {
  if (app) await stopApp(app);
});

it('writes one JSON line per request with its id, route, status and time, and nothing secret', async () => {
  const dataDir = tempDir();
  process.env.LOG_LEVEL = 'info';
  try {
    app = await startApp({ port: 4393, dataDir });
  } finally {
    delete process.env.LOG_LEVEL;
  }
  const { cookie } = await signedIn(dataDir);
  const token = cookie.split('=')[1]!;
  const response = await fetch(`${app.base}/search?q=my-secret-problem`, { headers: { cookie } });
  expect(response.status).toBe(200);
  const requestId = response.headers.get('x-request-id');
  expect(requestId).toMatch(/^[0-9a-f]{8}$/);
  await new Promise((r) => setTimeout(r, 200));
  const lines = app
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"msg":"request"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines.find((l) => l.req === requestId)).toMatchObject({
    method: 'GET',
    route: '/search',
    status: 200,
  });
  expect(typeof lines.find((l) => l.req === requestId)?.ms).toBe('number');
  expect(app.output()).not.toContain(token);
  expect(app.output()).not.toContain('my-secret-problem');
});
