import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// The portal under test runs exactly as `npm start` runs it, with its own data in a temporary folder.
const PORT = Number(process.env.E2E_PORT ?? 4399);
// The portal receives mail to the desk here (the e-mail journeys send to it with a real SMTP client).
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT + 1000);
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-e2e-'));
process.env.E2E_DATA_DIR = dataDir; // workers re-read this file; keep one folder
// Tests write articles (drafts, publishing): they get a copy of the knowledge base, never the repository's.
const contentDir = path.join(dataDir, 'content');
if (!fs.existsSync(contentDir)) fs.cpSync(path.resolve('content'), contentDir, { recursive: true });

// A real OpenID provider (tests/support/oidc-provider.ts) beside the portal; its users live in files
// the single sign-on journeys write (a group removed at the provider). A second portal with SSO_ONLY
// on, started by that journey, uses SSO_ONLY_PORT.
export const OIDC_PORT = PORT + 8;
export const SSO_ONLY_PORT = PORT + 7;
/** The every-page German and Italian check runs a portal of its own here. */
export const LANGUAGES_PORT = PORT + 6;
export const OIDC_CLIENT = { id: 'fixpoint-e2e', secret: 'e2e-secret-123' };
export const OIDC_ROLE_MAP = JSON.stringify({
  'it-servicedesk-t1': { role: 'agent', tier: 1 },
  'it-servicedesk-t2': { role: 'agent', tier: 2 },
  'it-managers': 'manager',
});
export const idpUsersDir = path.join(dataDir, 'idp-users');
fs.mkdirSync(idpUsersDir, { recursive: true });
/** The portal's single sign-on settings (also those of the SSO_ONLY portal, with its own PUBLIC_URL). */
export function oidcEnv(port: number): Record<string, string> {
  return {
    OIDC_ISSUER: `http://localhost:${OIDC_PORT}`,
    OIDC_CLIENT_ID: OIDC_CLIENT.id,
    OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
    OIDC_PROVIDER_NAME: 'Test ID',
    OIDC_SCOPES: 'openid email profile groups',
    OIDC_ROLE_MAP,
    PUBLIC_URL: `http://localhost:${port}`,
  };
}

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? 'line' : 'list',
  // A whole journey (several people, mail, axe on five pages) took 20-30 s on a slow day of this
  // 2-core machine: 30 s made timeouts of slowness, not of bugs (session 12).
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: chromiumLaunchOptions,
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: 'node tests/support/start-oidc-provider.ts',
      url: `http://localhost:${OIDC_PORT}/.well-known/openid-configuration`,
      env: {
        OIDC_TEST_PORT: String(OIDC_PORT),
        OIDC_TEST_USERS_DIR: idpUsersDir,
        OIDC_TEST_CLIENT_ID: OIDC_CLIENT.id,
        OIDC_TEST_CLIENT_SECRET: OIDC_CLIENT.secret,
        OIDC_TEST_PORTALS: `http://localhost:${PORT},http://localhost:${SSO_ONLY_PORT}`,
      },
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      command: 'node scripts/start.ts',
      url: `http://localhost:${PORT}/healthz`,
      env: {
        PORT: String(PORT),
        DATA_DIR: dataDir,
        CONTENT_DIR: contentDir,
        NODE_ENV: 'test',
        INBOUND_SMTP_PORT: String(E2E_SMTP_PORT),
        MAIL_FROM: 'IT Service Desk <help@fixpoint.example>',
        ...oidcEnv(PORT),
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
  ],
});
