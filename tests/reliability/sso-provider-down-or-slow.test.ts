import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { listAudit } from '#lib/auth/audit.ts';
import { getDatabase } from '#lib/db/db.ts';
import { startTestProvider, type TestProvider } from '#test/oidc-provider.ts';
import { portalDirs, startApp, stopApp, type RunningApp } from './app.ts';

// The portal as `npm start` runs it, with single sign-on against a real provider that then turns slow
// and goes away: the sign-in page answers with a sentence (503) and keeps the password form, never a 500.
const PORT = 4386;
const { root, dataDir, contentDir } = portalDirs('fixpoint-sso-down-');
let app: RunningApp | undefined;
let provider: TestProvider | undefined;
afterAll(async () => {
  if (app) await stopApp(app);
  await provider?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

async function page(url: string): Promise<{ status: number; html: string; location: string | null }> {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

it('says the provider is not answering (slow, then down) and keeps the password form; a bare callback gets a sentence', async () => {
  provider = await startTestProvider({
    clients: [
      {
        clientId: 'fixpoint-rel',
        clientSecret: 'rel-secret-123',
        redirectUris: [`http://localhost:${PORT}/login/sso/callback`],
      },
    ],
  });
  app = await startApp({
    port: PORT,
    dataDir,
    contentDir,
    extraEnv: {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'fixpoint-rel',
      OIDC_CLIENT_SECRET: 'rel-secret-123',
      OIDC_PROVIDER_NAME: 'Test ID',
      OIDC_TIMEOUT_SECONDS: '1',
      WEB_WORKERS: '1',
    },
  });
  const login = await page(`${app.base}/login`);
  expect(login.html).toContain('Sign in with Test ID');
  expect(login.html).toContain('name="password"');

  // Slow: the provider would answer after 3 s; the portal gives up after 1 s (a 303 would mean it waited).
  provider.delayMs = 3_000;
  const slow = await page(`${app.base}/login/sso?next=/kb`);
  expect(slow.status).toBe(503);
  expect(slow.html).toContain('Test ID is not answering right now');
  expect(slow.html).toContain('name="password"');
  expect(slow.html).toContain('value="/kb"');

  await provider.close();
  const down = await page(`${app.base}/login/sso`);
  expect(down.status).toBe(503);
  expect(down.html).toContain('Test ID is not answering right now');
  expect(down.html).toContain('name="password"');

  const bare = await page(`${app.base}/login/sso/callback?code=x&state=y`);
  expect(bare.status).toBe(400);
  expect(bare.html).toContain('did not start in this browser');

  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  expect(listAudit(db, { action: 'sso.provider-unavailable' }).total).toBeGreaterThanOrEqual(1);
  expect(listAudit(db, { action: 'sso.no-login' }).total).toBe(1);
  expect(app.output()).not.toMatch(/"level":50/);
});
