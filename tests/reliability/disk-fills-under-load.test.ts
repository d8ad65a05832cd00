import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { canMountTmpfs, mountTmpfs, type Volume } from '#test/tmpfs.ts';
import { signedIn, startApp, stopApp, webWorkerPids, type RunningApp } from './app.ts';

// DATA_DIR on a small real volume that fills up while people file tickets: what cannot be saved is
// answered 503 with Retry-After and a sentence (the form comes back with what was typed), reads go on,
// nothing dies, /healthz says why it is degraded, and once space is back, filing works again without
// a restart and every ticket that was answered 201 is in the database.

let volume: Volume | undefined;
let app: RunningApp | undefined;
afterAll(async () => {
  if (app) await stopApp(app);
  volume?.unmount();
});

const ARTICLE = '/kb/reset-your-password';
const LONG_TEXT = 'The laptop fan is loud and the screen flickers after the update. '.repeat(120); // ~8 KB

type Answer = { status: number; retryAfter: string | null; text: string };

async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    text: await response.text(),
  };
}

/** Files tickets from `clients` loops until `enough` refusals for storage arrive (or a minute passes). */
async function fileUntilFull(base: string, cookie: string, clients: number, enough: number) {
  const answered: Array<{ key: string; id: number; number: number }> = [];
  const refused: Array<{ key: string; answer: Answer }> = [];
  const unexpected: string[] = [];
  const deadline = Date.now() + 60_000;
  const client = async () => {
    while (refused.length < enough && Date.now() < deadline) {
      const key = randomUUID();
      try {
        const answer = await send(`${base}/api/tickets`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', 'idempotency-key': key, origin: base },
          body: JSON.stringify({
            subject: `Fill ${key}`,
            description: LONG_TEXT,
            impact: 'one',
            urgency: 'low',
          }),
        });
        if (answer.status === 201) {
          const body = JSON.parse(answer.text) as { id: number; number: number };
          answered.push({ key, id: body.id, number: body.number });
        } else if (answer.status === 503) refused.push({ key, answer });
        else unexpected.push(`${answer.status} ${answer.text.slice(0, 200)}`);
      } catch (error) {
        unexpected.push(`no answer: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { answered, refused, unexpected };
}

function ticketForm(fields: Record<string, string>, file?: { name: string; text: string }): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (file) form.set('files', new File([file.text], file.name, { type: 'text/plain' }));
  return form;
}

/** Tries `attempt` after each `topUp` until it is refused (it returns non-null then); at most 10 times. */
async function untilRefused<T>(
  topUp: () => Promise<void>,
  attempt: (n: number) => Promise<T | null>,
): Promise<T> {
  for (let n = 1; n <= 10; n++) {
    await topUp();
    const refused = await attempt(n);
    if (refused !== null) return refused;
  }
  throw new Error('never refused: the volume did not stay full');
}

const health = async (base: string) =>
  (await (await fetch(`${base}/healthz`)).json()) as { status: string; storage?: string; reason?: string };

it.skipIf(!canMountTmpfs)(
  'a DATA_DIR that fills under a ticket load: 503s with a sentence, reads go on, nothing dies, and writes come back without a restart',
  async () => {
    volume = mountTmpfs('48m');
    app = await startApp({ port: 4398, dataDir: volume.dir, extraEnv: { MIN_FREE_MB: '4' } });
    const base = app.base;
    const employee = await signedIn(volume.dir);
    const agent = await signedIn(volume.dir, ['agent']);
    const workers = webWorkerPids(app);
    expect(workers).toHaveLength(2);

    const first = await send(`${base}/api/tickets`, {
      method: 'POST',
      headers: { cookie: employee.cookie, 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ subject: 'Before the disk fills', description: 'Printer jams.' }),
    });
    expect(first.status).toBe(201);
    const { number: ticketNumber } = JSON.parse(first.text) as { number: number };
    expect((await health(base)).storage).toBe('ok');

    // The load uses up what is left.
    volume.fill(4 * 1024 * 1024);
    const load = await fileUntilFull(base, employee.cookie, 6, 40);
    expect(load.unexpected).toEqual([]);
    expect(load.refused.length).toBeGreaterThanOrEqual(40);
    for (const { answer } of load.refused) {
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect((JSON.parse(answer.text) as { error: string }).error).toMatch(/^[A-Z].*\.$/);
    }

    // The ticket form comes back with what was typed, and attached files are not left behind. A write
    // smaller than what the last refused one had already put in SQLite's log can still fit: so each
    // attempt follows a refusal, and a form that was saved after all is fine (and is checked at the end).
    const answered = [...load.answered];
    const savedForms: string[] = []; // idempotency keys of ticket forms answered 303 (filed)
    const topUp = async () => {
      const more = await fileUntilFull(base, employee.cookie, 1, 1);
      expect(more.unexpected).toEqual([]);
      answered.push(...more.answered);
    };
    const rid = randomUUID().replaceAll('-', '');
    const description = `No power light on the dock since this morning; tried another socket. ${LONG_TEXT}`;
    const helpForm = (key: string) =>
      ticketForm(
        {
          intent: 'file',
          rid,
          subject: 'Docking station dead',
          description,
          impact: 'one',
          urgency: 'high',
          idempotencyKey: key,
        },
        { name: 'dock.log', text: 'usb 3-1: device descriptor read/64, error -71\n'.repeat(400) },
      );
    const helpKey = await untilRefused(topUp, async (attempt) => {
      const key = `disk-full-help-form-${attempt}`;
      const answer = await send(`${base}/help`, {
        method: 'POST',
        headers: { cookie: employee.cookie, origin: base },
        body: helpForm(key),
        redirect: 'manual',
      });
      if (answer.status === 503) {
        expect(answer.retryAfter).toMatch(/^\d+$/);
        expect(answer.text).toContain('Docking station dead');
        expect(answer.text).toContain(description);
        expect(answer.text).toMatch(/cannot save|storage/i);
        return key;
      }
      expect(answer.status).toBe(303);
      savedForms.push(key);
      return null;
    });
    const attachments = path.join(volume.dir, 'attachments');
    const attached = () => (fs.existsSync(attachments) ? fs.readdirSync(attachments) : []);
    expect(attached().filter((f) => f.endsWith('.part'))).toEqual([]);

    // An agent's reply keeps its text.
    const replyText = `Swap the dock with the spare in room 4.12, please. ${LONG_TEXT}`;
    await untilRefused(topUp, async () => {
      const answer = await send(`${base}/agent/tickets/${ticketNumber}`, {
        method: 'POST',
        headers: { cookie: agent.cookie, origin: base },
        body: ticketForm({ action: 'reply', body: replyText }),
        redirect: 'manual',
      });
      if (answer.status === 503) {
        expect(answer.retryAfter).toMatch(/^\d+$/);
        expect(answer.text).toContain(replyText);
        return true;
      }
      expect(answer.status).toBe(303);
      return null;
    });

    // Reads go on: an article, suggestions (recorded in batches that cannot be written now), health.
    for (let i = 0; i < 5; i++) {
      expect((await fetch(`${base}${ARTICLE}`, { headers: { cookie: employee.cookie } })).status).toBe(200);
      const suggest = await fetch(
        `${base}/api/suggest?q=${encodeURIComponent('forgot my password')}&rid=${rid}`,
        {
          headers: { cookie: employee.cookie },
        },
      );
      expect(suggest.status).toBe(200);
      expect(((await suggest.json()) as { results: unknown[] }).results.length).toBeGreaterThan(0);
    }
    const degraded = await fetch(`${base}/healthz`);
    expect(degraded.status).toBe(200);
    const degradedBody = (await degraded.json()) as { status: string; storage: string; reason: string };
    expect(degradedBody.status).toBe('degraded');
    expect(degradedBody.storage).not.toBe('ok');
    expect(degradedBody.reason).toMatch(/^[A-Z].*\.$/);
    // The batched writers have tried (and failed) a few times by now: no process died of it.
    await new Promise((r) => setTimeout(r, 2500));
    expect(webWorkerPids(app).sort()).toEqual([...workers].sort());
    expect(app.output()).not.toMatch(/web worker stopped|Web workers keep stopping/i);

    // Space is back: writes work again in the same processes.
    volume.free();
    const recovered = Date.now();
    while ((await health(base)).storage !== 'ok') {
      expect(Date.now() - recovered).toBeLessThan(15_000);
      await new Promise((r) => setTimeout(r, 200));
    }
    const retried = load.refused[0]!;
    const again = await send(`${base}/api/tickets`, {
      method: 'POST',
      headers: {
        cookie: employee.cookie,
        'content-type': 'application/json',
        'idempotency-key': retried.key,
        origin: base,
      },
      body: JSON.stringify({ subject: `Fill ${retried.key}`, description: LONG_TEXT }),
    });
    expect(again.status).toBe(201);
    const againBody = JSON.parse(again.text) as { id: number; number: number };
    answered.push({ key: retried.key, ...againBody });
    const refiled = await fetch(`${base}/help`, {
      method: 'POST',
      headers: { cookie: employee.cookie, origin: base },
      body: helpForm(helpKey),
      redirect: 'manual',
    });
    expect(refiled.status).toBe(303);
    expect(refiled.headers.get('location')).toMatch(/^\/requests\/\d+\?filed=1$/);
    savedForms.push(helpKey);
    expect(webWorkerPids(app).sort()).toEqual([...workers].sort());
    await stopApp(app);
    app = undefined;

    const db = new Database(path.join(volume.dir, 'fixpoint.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const byKey = db.prepare('SELECT id, number FROM tickets WHERE idempotency_key = ?');
      const missing = answered.filter((a) => {
        const rows = byKey.all(a.key) as Array<{ id: number; number: number }>;
        return rows.length !== 1 || rows[0]!.id !== a.id || rows[0]!.number !== a.number;
      });
      expect(missing).toEqual([]);
      const formTickets = db.prepare('SELECT count(*) FROM tickets WHERE idempotency_key = ?').pluck();
      expect(savedForms.map((key) => formTickets.get(key))).toEqual(savedForms.map(() => 1));
      // Every file under attachments belongs to a saved message: refused ones were removed.
      const recorded = new Set(db.prepare('SELECT stored_name FROM attachments').pluck().all());
      expect(attached().filter((f) => !recorded.has(f))).toEqual([]);
      // What was recorded while the disk was full was kept in memory and written once it could be.
      expect(db.prepare('SELECT count(*) FROM help_requests WHERE id = ?').pluck().get(rid)).toBe(1);
      const views = db
        .prepare("SELECT sum(views) FROM article_views WHERE slug = 'reset-your-password'")
        .pluck()
        .get() as number;
      expect(views).toBeGreaterThanOrEqual(5);
      console.log(
        `disk-full test: ${answered.length} tickets answered 201 (all present once), ${load.refused.length} refused with 503 while the volume was full`,
      );
    } finally {
      db.close();
    }
  },
);
