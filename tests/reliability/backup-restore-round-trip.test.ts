import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { portalDirs, signedIn, startApp, stopApp, type RunningApp } from './app.ts';

// `npm run backup` taken while the portal files tickets with attachments and agents save articles,
// `npm run restore` into fresh folders, and the portal started again on them: what was acknowledged
// before the backup is there, and the copy is consistent (every attachment row has its bytes).
const first = portalDirs('fixpoint-backup-a-');
const second = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-backup-b-'));
const fresh = { dataDir: path.join(second, 'data'), contentDir: path.join(second, 'content') };
const archive = path.join(first.root, 'nightly.tar.gz');
let app: RunningApp | undefined;
afterAll(async () => {
  if (app) await stopApp(app);
  for (const dir of [first.root, second]) fs.rmSync(dir, { recursive: true, force: true });
});

/** A distinct, valid PNG-signed file per ticket, so a swapped or truncated attachment shows. */
const screenshot = (label: string) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    Buffer.from(`screenshot of ${label} `.repeat(200)),
  ]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Files a ticket with one attachment through the /help form, as a browser does; returns its number. */
async function fileTicket(base: string, cookie: string, label: string): Promise<number> {
  const form = new FormData();
  form.set('intent', 'file');
  form.set('subject', `Printer jams (${label})`);
  form.set('description', `The third-floor printer jams on every page (${label}).`);
  form.set('impact', 'one');
  form.set('urgency', 'low');
  form.set('idempotencyKey', randomUUID());
  form.set('files', new File([screenshot(label)], `${label}.png`, { type: 'image/png' }));
  const response = await fetch(`${base}/help`, {
    method: 'POST',
    headers: { cookie, origin: base },
    body: form,
    redirect: 'manual',
  });
  const number = /^\/requests\/(\d+)\?filed=1$/.exec(response.headers.get('location') ?? '')?.[1];
  if (response.status !== 303 || !number) throw new Error(`filing answered ${response.status}`);
  return Number(number);
}

/** Saves and publishes a new article through the editor, as an agent does. */
async function saveArticle(base: string, cookie: string, slug: string, words: string): Promise<void> {
  const response = await fetch(`${base}/agent/kb/new`, {
    method: 'POST',
    headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      slug,
      type: 'article',
      title: `Restore drill ${words}`,
      summary: `What to do when ${words} happens.`,
      category: 'accounts',
      tags: 'drill',
      body: `The ${words} steps.\n\n## Steps\n\n1. Breathe.\n`,
      action: 'publish',
    }),
    redirect: 'manual',
  });
  if (response.status !== 303) throw new Error(`saving ${slug} answered ${response.status}`);
}

/** Runs one of the CLIs as `npm run` would, on the given folders; resolves with its exit code and output. */
function runCli(script: string, args: string[], dirs: { dataDir: string; contentDir: string }) {
  return new Promise<{ status: number | null; output: string }>((resolve) => {
    let output = '';
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, DATA_DIR: dirs.dataDir, CONTENT_DIR: dirs.contentDir, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.once('exit', (status) => resolve({ status, output }));
  });
}

it('restores, into fresh folders, a backup taken while the portal filed tickets with attachments and saved articles', async () => {
  app = await startApp({ port: 4381, ...first });
  const employee = await signedIn(first.dataDir);
  const agent = await signedIn(first.dataDir, ['agent']);
  // A reader holding an old snapshot (a long report) keeps later commits in the WAL, out of the main
  // file: a plain copy of fixpoint.db would miss them.
  const reader = new Database(path.join(first.dataDir, 'fixpoint.db'), { readonly: true });
  reader.prepare('BEGIN').run();
  reader.prepare('SELECT count(*) FROM tickets').get();
  const ticketBefore = await fileTicket(app.base, employee.cookie, 'before');
  await saveArticle(app.base, agent.cookie, 'restore-drill-quokka', 'quokka');

  // Tickets and articles keep coming while the backup runs.
  let backingUp = true;
  const filedDuring: number[] = [];
  const savedDuring: string[] = [];
  const tickets = (async () => {
    while (backingUp)
      filedDuring.push(await fileTicket(app!.base, employee.cookie, `during ${filedDuring.length}`));
  })();
  const articles = (async () => {
    while (backingUp) {
      const slug = `restore-drill-during-${savedDuring.length}`;
      await saveArticle(app!.base, agent.cookie, slug, `wombat ${savedDuring.length}`);
      savedDuring.push(slug);
    }
  })();
  const backup = await runCli('scripts/backup.ts', [archive], first);
  backingUp = false;
  await Promise.all([tickets, articles]);
  reader.prepare('COMMIT').run();
  reader.close();
  expect(backup.output).toMatch(/^Backup written to .*nightly\.tar\.gz/m);
  expect(backup.status).toBe(0);
  expect(filedDuring.length + savedDuring.length).toBeGreaterThan(0);

  // Not over a running portal: refused with the fix, nothing changed.
  const refused = await runCli('scripts/restore.ts', [archive], first);
  expect(refused.status).toBe(1);
  expect(refused.output).toMatch(/still using DATA_DIR[\s\S]*Fix: stop the portal/);
  expect(fs.readdirSync(first.dataDir).some((name) => name.includes('restore'))).toBe(false);

  await stopApp(app);
  const restore = await runCli('scripts/restore.ts', [archive], fresh);
  expect(restore.output).toMatch(/^Restored the backup of /m);
  expect(restore.status).toBe(0);

  app = await startApp({ port: 4382, ...fresh });
  // A new, empty Meilisearch: the start indexes the restored knowledge base.
  expect(app.output()).toMatch(/Index: [1-9]\d* added/);
  const db = new Database(path.join(fresh.dataDir, 'fixpoint.db'), { readonly: true });
  try {
    // What was acknowledged before the backup: the ticket (the session cookie too: it lives in the
    // database), its attachment byte for byte, and the article, found by search.
    const ticket = await fetch(`${app.base}/api/tickets/${ticketBefore}`, {
      headers: { cookie: employee.cookie },
    });
    expect(ticket.status).toBe(200);
    expect(await ticket.json()).toMatchObject({ subject: 'Printer jams (before)' });
    const attachmentId = db
      .prepare('SELECT a.id FROM attachments a JOIN tickets t ON t.id = a.ticket_id WHERE t.number = ?')
      .pluck()
      .get(ticketBefore);
    const download = await fetch(`${app.base}/attachments/${attachmentId}`, {
      headers: { cookie: employee.cookie },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(screenshot('before'));
    const article = await fetch(`${app.base}/kb/restore-drill-quokka`, {
      headers: { cookie: employee.cookie },
    });
    expect(await article.text()).toContain('Restore drill quokka');
    const search = await fetch(`${app.base}/search?q=quokka`, { headers: { cookie: employee.cookie } });
    expect(await search.text()).toContain('/kb/restore-drill-quokka');

    // The copy is one moment of the database: every ticket in it has its attachment, with its bytes.
    const rows = db
      .prepare(
        'SELECT t.number, t.subject, a.stored_name, a.sha256 FROM tickets t LEFT JOIN attachments a ON a.ticket_id = t.id',
      )
      .all() as Array<{ number: number; subject: string; stored_name: string | null; sha256: string | null }>;
    expect(rows.map((r) => r.number)).toContain(ticketBefore);
    for (const row of rows) {
      expect([ticketBefore, ...filedDuring]).toContain(row.number);
      const file = path.join(fresh.dataDir, 'attachments', row.stored_name ?? 'missing');
      expect(fs.existsSync(file), `attachment of ticket ${row.number}`).toBe(true);
      expect(sha256(fs.readFileSync(file))).toBe(row.sha256);
    }
    // Articles saved during the backup are there whole, or not at all.
    for (const slug of savedDuring) {
      if (!fs.existsSync(path.join(fresh.contentDir, 'kb', `${slug}.md`))) continue;
      const page = await fetch(`${app.base}/kb/${slug}`, { headers: { cookie: employee.cookie } });
      expect(page.status, slug).toBe(200);
    }
  } finally {
    db.close();
  }
});
