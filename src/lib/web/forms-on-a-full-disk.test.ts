import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import type { Role } from '#lib/auth/roles.ts';
import { closeDatabases } from '#lib/db/db.ts';
import { getDb } from '#lib/db/connection.ts';
import { createI18n } from '#lib/i18n/i18n.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { fillDatabase, makeReadOnly } from '#test/full-database.ts';
import { articleFile, TEST_CATEGORIES, writeTree } from '#test/temp.ts';
import { recordSuggestionsShown, flushDeflectionEvents } from '#lib/deflection/requests.ts';
import { handleArticleVisit } from './article-page.ts';
import { handleHelpPage } from './help-page.ts';
import { editorPage } from './kb-pages.ts';
import { STORAGE_REFUSAL } from './storage-refusal.ts';
import { translate } from '#lib/i18n/translate.ts';

/** Pages that word the refusal themselves give its English sentence (the test's reader is English). */
const REFUSAL_TEXT = translate('en', STORAGE_REFUSAL);
import { answerTicketApiPost } from './ticket-api.ts';
import { agentTicketPage, logTicketPage, requesterTicketPage } from './ticket-pages.ts';

// Every form that saves something, on a database that cannot grow (as on a full disk): 503 with a
// sentence, the form again with everything typed, and the same form sent later saves it.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-full-forms-'));
const env = { DATA_DIR: process.env.DATA_DIR, CONTENT_DIR: process.env.CONTENT_DIR };
beforeAll(() => {
  process.env.DATA_DIR = path.join(root, 'data');
  process.env.CONTENT_DIR = writeTree(path.join(root, 'content'), {
    'categories.json': TEST_CATEGORIES,
    'kb/reset-your-password.md': articleFile({ title: 'Reset your password' }),
  });
});
afterAll(() => {
  closeDatabases();
  Object.assign(process.env, env);
  fs.rmSync(root, { recursive: true, force: true });
});

// Long enough that saving it needs pages the database file does not have.
const LONG = 'The docking station shows no power light and the monitors stay dark. '.repeat(150);

async function person(roles: Role[]) {
  const user = await createUser(getDb(), {
    email: `${roles.join('-')}-${Math.random().toString(36).slice(2)}@example.com`,
    displayName: roles.join(' '),
    roles,
    agentTier: roles.includes('agent') ? 1 : undefined,
    password: 'quiet river stones 9',
  });
  const principal = toPrincipal(user);
  return {
    principal,
    locals: {
      principal,
      session: null,
      unreadNotifications: () => 0,
      i18n: createI18n('en', 'UTC'),
    } as App.Locals,
  };
}

function post(url: string, fields: Record<string, string>): Request {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return new Request(url, { method: 'POST', body: form });
}

/** Runs `send` on a full database, then again once space is back; answers both outcomes. */
async function fullThenFree<T>(send: () => Promise<T>): Promise<[T, T]> {
  const giveSpaceBack = fillDatabase(getDb());
  let refused: T;
  try {
    refused = await send();
  } finally {
    giveSpaceBack();
  }
  return [refused, await send()];
}

describe('forms on a full disk', () => {
  it('the ticket form at /help comes back filled with 503, and files the ticket later', async () => {
    const { locals } = await person(['employee']);
    const fields = {
      intent: 'file',
      subject: 'Dock dead',
      description: LONG,
      urgency: 'high',
      idempotencyKey: 'k-help-1',
    };
    const url = new URL('http://localhost/help');
    const [refused, later] = await fullThenFree(() => handleHelpPage(post(url.href, fields), url, locals));
    expect(refused).toMatchObject({
      status: 503,
      view: {
        step: 'ticket',
        subject: 'Dock dead',
        description: LONG,
        ticket: { urgency: 'high', idempotencyKey: 'k-help-1' },
        errors: { form: STORAGE_REFUSAL },
      },
    });
    expect(later).toEqual({ redirect: expect.stringMatching(/^\/requests\/\d+\?filed=1$/) });
  });

  it('POST /api/tickets answers 503 JSON with Retry-After, then 201', async () => {
    const { locals } = await person(['employee']);
    const request = () =>
      new Request('http://localhost/api/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'k-api-1' },
        body: JSON.stringify({ subject: 'Dock dead', description: LONG }),
      });
    const [refused, later] = await fullThenFree(() => answerTicketApiPost(request(), locals));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^Nothing was saved: .*\.$/);
    expect(later.status).toBe(201);
  });

  it('replies from the agent and the requester come back with their text and the resolution note', async () => {
    const employee = await person(['employee']);
    const agent = await person(['agent']);
    const { ticket } = createTicket(getDb(), employee.principal.id, {
      subject: 'Dock dead',
      description: 'No light.',
    });
    const number = String(ticket.number);
    const agentUrl = `http://localhost/agent/tickets/${number}`;
    const [agentRefused, agentLater] = await fullThenFree(() =>
      agentTicketPage(post(agentUrl, { action: 'reply', body: LONG }), agent.locals, number),
    );
    expect(agentRefused).toMatchObject({ status: 503, error: REFUSAL_TEXT, draft: LONG });
    expect(agentLater).toEqual({ redirect: `/agent/tickets/${number}?done=replied` });
    const [noteRefused] = await fullThenFree(() =>
      agentTicketPage(post(agentUrl, { action: 'status', to: 'resolved', note: LONG }), agent.locals, number),
    );
    expect(noteRefused).toMatchObject({ status: 503, typed: { note: LONG } });
    const requesterUrl = `http://localhost/requests/${number}`;
    const [requesterRefused] = await fullThenFree(() =>
      requesterTicketPage(post(requesterUrl, { action: 'reply', body: LONG }), employee.locals, number),
    );
    expect(requesterRefused).toMatchObject({ status: 503, error: REFUSAL_TEXT, draft: LONG });
  });

  it('a ticket an agent logs at /agent/new comes back filled with 503, and is logged later', async () => {
    const employee = await person(['employee']);
    const agent = await person(['agent']);
    const fields = {
      email: employee.principal.email,
      channel: 'phone',
      subject: 'Dock dead',
      description: LONG,
      impact: 'one',
      urgency: 'medium',
      idempotencyKey: 'k-new-1',
    };
    const [refused, later] = await fullThenFree(() =>
      logTicketPage(post('http://localhost/agent/new', fields), agent.locals),
    );
    expect(refused).toMatchObject({
      status: 503,
      values: { subject: 'Dock dead', description: LONG },
      errors: { form: REFUSAL_TEXT },
      idempotencyKey: 'k-new-1',
    });
    expect(later).toEqual({ redirect: expect.stringMatching(/^\/agent\/tickets\/\d+\?done=logged$/) });
  });

  it('the article editor comes back filled with 503 and the file unchanged, and saves later', async () => {
    const agent = await person(['agent']);
    const url = new URL('http://localhost/agent/kb/edit/reset-your-password');
    const opened = await editorPage(new Request(url), url, agent.locals, 'reset-your-password');
    if (!opened || 'redirect' in opened) throw new Error('the editor did not open');
    const fields = { ...opened.values, body: LONG, baseHash: opened.baseHash, action: 'save' };
    const file = path.join(process.env.CONTENT_DIR!, 'kb', 'reset-your-password.md');
    const before = fs.readFileSync(file, 'utf8');
    const [refused, later] = await fullThenFree(async () => {
      const answer = await editorPage(post(url.href, fields), url, agent.locals, 'reset-your-password');
      if (answer && !('redirect' in answer)) expect(fs.readFileSync(file, 'utf8')).toBe(before);
      return answer;
    });
    expect(refused).toMatchObject({
      httpStatus: 503,
      values: { body: LONG },
      baseHash: opened.baseHash,
      errors: { form: STORAGE_REFUSAL },
    });
    expect(later).toEqual({ redirect: '/agent/kb/edit/reset-your-password?done=saved' });
    expect(fs.readFileSync(file, 'utf8')).toContain('The docking station shows no power light');
  });
});

describe('reads while the disk refuses writes', () => {
  it('an article opened from a help request still asks "Did this solve your problem?"; a ticket page still opens', async () => {
    const employee = await person(['employee']);
    const rid = 'request-id-read-only-01';
    recordSuggestionsShown(getDb(), {
      requestId: rid,
      userId: employee.principal.id,
      query: 'dock',
      draft: 'dock',
      slugs: ['reset-your-password'],
    });
    flushDeflectionEvents();
    const { ticket } = createTicket(getDb(), employee.principal.id, {
      subject: 'Dock dead',
      description: 'No light.',
    });
    const giveWritesBack = makeReadOnly(getDb());
    try {
      const url = new URL(`http://localhost/kb/reset-your-password?rid=${rid}`);
      const visit = await handleArticleVisit(new Request(url), url, employee.locals, 'reset-your-password');
      expect(visit.requestId).toBe(rid);
      const page = await requesterTicketPage(
        new Request(`http://localhost/requests/${ticket.number}`),
        employee.locals,
        String(ticket.number),
      );
      expect(page).toMatchObject({ status: 200, ticket: { number: ticket.number } });
    } finally {
      giveWritesBack();
    }
  });
});
