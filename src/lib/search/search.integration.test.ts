import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';
import { loadContent } from '#lib/content/load.ts';
import { EMPLOYEE } from '#lib/content/store.ts';
import { createSearchClient } from './client.ts';
import { searchArticles, type SearchResult } from './query.ts';
import { syncArticles } from './sync.ts';

// A real Meilisearch (tests/support/meilisearch-setup.ts) with the real starter knowledge base.
const client = createSearchClient(inject('meili'), 10_000);
const index = `test_${randomBytes(4).toString('hex')}_articles`;
const starter = loadContent(path.resolve('content'));

function slugs(result: SearchResult): string[] {
  if (result.status !== 'ok') throw new Error('search unavailable');
  return result.hits.map((h) => h.slug);
}

describe('searching the starter knowledge base', () => {
  beforeAll(async () => {
    await syncArticles(client, index, starter.articles);
  });
  afterAll(async () => {
    await client.deleteIndex(index).waitTask();
  });

  it('puts the VPN troubleshooting article first for "cant connect to vpn from home"', async () => {
    expect(slugs(await searchArticles(client, index, 'cant connect to vpn from home', EMPLOYEE))[0]).toBe(
      'vpn-cannot-connect',
    );
  });

  it('finds the password article despite a typo', async () => {
    expect(slugs(await searchArticles(client, index, 'pasword reset', EMPLOYEE))[0]).toBe(
      'reset-your-password',
    );
  });

  it.each([
    ['two factor authentication new phone', 'set-up-multi-factor-authentication'],
    ['wireless in the office', 'connect-to-office-wifi'],
    ['notebook is sluggish', 'fix-a-slow-laptop'],
  ])('uses IT synonyms: %s', async (query, expected) => {
    expect(slugs(await searchArticles(client, index, query, EMPLOYEE)).slice(0, 3)).toContain(expected);
  });

  it('highlights matches in escaped snippets', async () => {
    const result = await searchArticles(client, index, 'phishing email', EMPLOYEE);
    if (result.status !== 'ok') throw new Error('unavailable');
    expect(result.hits[0]!.titleHtml).toMatch(/<mark>phishing<\/mark>/i);
    expect(result.hits.every((h) => !/<(?!\/?mark>)/.test(h.snippetHtml + h.titleHtml))).toBe(true);
  });

  it('never shows internal (agent) articles to employees, and does to agents', async () => {
    const employee = slugs(
      await searchArticles(client, index, 'agent runbook unlock account verify identity', EMPLOYEE),
    );
    expect(employee).not.toContain('agent-runbook-unlock-account-and-verify-identity');
    const agent = slugs(
      await searchArticles(client, index, 'agent runbook unlock account verify identity', {
        seesInternal: true,
        seesUnpublished: false,
      }),
    );
    expect(agent[0]).toBe('agent-runbook-unlock-account-and-verify-identity');
  });

  it('filters by category and type, and counts facets', async () => {
    const result = await searchArticles(client, index, 'password', EMPLOYEE, {
      type: 'faq',
      category: 'accounts',
    });
    if (result.status !== 'ok') throw new Error('unavailable');
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.every((h) => h.type === 'faq' && h.category === 'accounts')).toBe(true);
  });

  it.each([
    ['a 2,000-character query', 'vpn '.repeat(500)],
    ['quotes and backslashes', '"printer\\" \'offline'],
    ['emoji', '🖨️ printer 😡'],
    ['control characters', 'vpn\u0000\u0008\u001b[31m'],
    ['filter syntax', 'status = "draft" OR audience = "agents"'],
    ['only punctuation', '!!! ??? ...'],
  ])('answers %s normally', async (_name, query) => {
    const result = await searchArticles(client, index, query, EMPLOYEE);
    expect(result.status).toBe('ok');
  });

  it('keeps a hostile category value inside the filter string', async () => {
    const result = await searchArticles(client, index, 'vpn', EMPLOYEE, {
      category: 'x" OR audience = "agents',
    });
    expect(result).toMatchObject({ status: 'ok', total: 0 });
  });
});

describe('syncing by content hash', () => {
  const syncIndex = `test_${randomBytes(4).toString('hex')}_sync`;
  afterAll(async () => {
    await client.deleteIndex(syncIndex).waitTask();
  });

  it('sends only changed articles and removes deleted ones', async () => {
    const dir = writeTree(tempDir(), {
      'categories.json': TEST_CATEGORIES,
      'kb/a.md': articleFile({ title: 'Alpha' }),
      'kb/b.md': articleFile({ title: 'Bravo' }),
      'faq/c.md': articleFile({ title: 'Charlie' }),
    });
    expect(await syncArticles(client, syncIndex, loadContent(dir).articles)).toMatchObject({
      added: 3,
      updated: 0,
      removed: 0,
    });
    expect(await syncArticles(client, syncIndex, loadContent(dir).articles)).toMatchObject({
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 3,
    });

    fs.writeFileSync(path.join(dir, 'kb/a.md'), articleFile({ title: 'Alpha renamed zebra' }));
    fs.rmSync(path.join(dir, 'faq/c.md'));
    expect(await syncArticles(client, syncIndex, loadContent(dir).articles)).toMatchObject({
      added: 0,
      updated: 1,
      removed: 1,
      unchanged: 1,
    });

    expect(slugs(await searchArticles(client, syncIndex, 'zebra', EMPLOYEE))).toEqual(['a']);
    expect(slugs(await searchArticles(client, syncIndex, 'charlie', EMPLOYEE))).toEqual([]);
  });

  it('keeps drafts and archived articles away from employees', async () => {
    const dir = writeTree(tempDir(), {
      'categories.json': TEST_CATEGORIES,
      'kb/draft.md': articleFile({ title: 'Quokka draft', status: 'draft' }),
      'kb/old.md': articleFile({ title: 'Quokka archived', status: 'archived' }),
      'kb/live.md': articleFile({ title: 'Quokka live' }),
    });
    await syncArticles(client, syncIndex, loadContent(dir).articles);
    expect(slugs(await searchArticles(client, syncIndex, 'quokka', EMPLOYEE))).toEqual(['live']);
  });
});

describe('when the engine is down', () => {
  it('answers "unavailable" quickly instead of failing', async () => {
    const dead = createSearchClient({ url: 'http://127.0.0.1:9' }, 1000);
    const started = Date.now();
    expect(await searchArticles(dead, 'any', 'vpn', EMPLOYEE)).toEqual({
      status: 'unavailable',
      query: 'vpn',
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await searchArticles(null, 'any', 'vpn', EMPLOYEE)).toMatchObject({ status: 'unavailable' });
  });
});
