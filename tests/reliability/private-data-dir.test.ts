import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { closeDatabases } from '#lib/db/db.ts';
import { messagesOf, portalDirs, signedIn, startApp, stopApp, type RunningApp } from './app.ts';

// DATA_DIR holds every ticket, session and attachment: other users of the machine may neither read it
// nor change it. Checked on the portal as `npm start` runs it (web workers and Meilisearch included),
// after it has filed a ticket with an attachment.

const PORT = 4393;
const { root, dataDir, contentDir } = portalDirs('fixpoint-private-');
let app: RunningApp | undefined;

afterAll(async () => {
  if (app) await stopApp(app);
  closeDatabases();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every path under `dir` (itself included) that its group or others may use, as "<path> <mode>". */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const visit = (file: string) => {
    const stat = fs.lstatSync(file);
    if (stat.isSymbolicLink()) return;
    if (stat.mode & 0o077)
      found.push(`${path.relative(dir, file) || '.'} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of fs.readdirSync(file)) visit(path.join(file, name));
  };
  visit(dir);
  return found;
}

async function fileTicketWithAttachment(base: string): Promise<void> {
  const { cookie } = await signedIn(dataDir);
  const form = new FormData();
  form.set('intent', 'file');
  form.set('subject', 'VPN fails with error 809');
  form.set('description', 'Since this morning, at home.');
  form.set('files', new File(['2026-11-22 10:00 ERROR 809\n'], 'vpn.log'));
  const response = await fetch(`${base}/help`, {
    method: 'POST',
    body: form,
    headers: { cookie, origin: base },
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
}

it('a first start creates DATA_DIR 0700 and everything in it readable by the portal only', async () => {
  expect(fs.existsSync(dataDir)).toBe(false);
  app = await startApp({ port: PORT, dataDir, contentDir });
  await fileTicketWithAttachment(app.base);
  await stopApp(app);
  expect(fs.readdirSync(path.join(dataDir, 'attachments'))).toHaveLength(1);
  expect(fs.readdirSync(path.join(dataDir, 'meili')).length).toBeGreaterThan(0);
  expect(openToOthers(dataDir)).toEqual([]);
  expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
});

it('an installation from before is made private at start, and the log says so once', async () => {
  // What earlier versions left: folders 0755, files 0644 (the Meilisearch copy 0755).
  const loosen = (file: string) => {
    const stat = fs.lstatSync(file);
    if (stat.isSymbolicLink()) return;
    fs.chmodSync(file, stat.isDirectory() || stat.mode & 0o100 ? 0o755 : 0o644);
    if (stat.isDirectory()) for (const name of fs.readdirSync(file)) loosen(path.join(file, name));
  };
  loosen(dataDir);
  expect(openToOthers(dataDir)).toContain('fixpoint.db 644');
  app = await startApp({ port: PORT, dataDir, contentDir });
  const said = messagesOf(app.output()).filter((line) => line.includes('readable by this user only'));
  expect(said).toEqual([
    expect.stringMatching(
      /^Made \d+ file\(s\) and folder\(s\) in DATA_DIR \(.*\) readable by this user only; other users could read them before\.$/,
    ),
  ]);
  await fileTicketWithAttachment(app.base);
  await stopApp(app);
  expect(openToOthers(dataDir)).toEqual([]);
});

it('refuses a DATA_DIR its group can write to, with the fix, and changes nothing', () => {
  fs.chmodSync(dataDir, 0o775);
  const before = openToOthers(dataDir);
  const run = spawnSync(process.execPath, ['scripts/start.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, CONTENT_DIR: contentDir, PORT: String(PORT), NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(
    `DATA_DIR (${dataDir}) can be changed by its group (mode 0775): they could replace the database with its accounts and sessions. Fix: chmod 700 ${dataDir}`,
  );
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(openToOthers(dataDir)).toEqual(before);
  fs.chmodSync(dataDir, 0o700);
});
