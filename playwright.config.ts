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
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: chromiumLaunchOptions,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node scripts/start.ts',
    url: `http://localhost:${PORT}/healthz`,
    env: {
      PORT: String(PORT),
      DATA_DIR: dataDir,
      CONTENT_DIR: contentDir,
      NODE_ENV: 'test',
      INBOUND_SMTP_PORT: String(E2E_SMTP_PORT),
      MAIL_FROM: 'IT Service Desk <help@fixpoint.example>',
    },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
