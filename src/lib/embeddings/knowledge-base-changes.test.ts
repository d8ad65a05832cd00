import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EMPLOYEE, getContent } from '#lib/content/store.ts';
import { getDb } from '#lib/db/connection.ts';
import { closeDatabases } from '#lib/db/db.ts';
import { articleVectorTexts } from '#lib/search/article-vector-texts.ts';
import { refreshKnowledgeBase } from '#lib/search/refresh.ts';
import { articleFile, TEST_CATEGORIES, writeTree } from '#test/temp.ts';
import { Encoder } from './encoder.ts';
import { nearestArticles } from './vector-index.ts';
import { startVectorSync } from './vector-sync.ts';
import { countVectors, syncVectorCatalogue } from './vectors.ts';

// An editor's save goes through refreshKnowledgeBase, as in the portal: who may read an article
// changes for its vector at once, and the background job computes what is new without being asked.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-vector-changes-'));
const env = {
  DATA_DIR: process.env.DATA_DIR,
  CONTENT_DIR: process.env.CONTENT_DIR,
  MEILI_URL: process.env.MEILI_URL,
};
const contentDir = path.join(root, 'content');
let encoder: Encoder;
beforeAll(async () => {
  process.env.DATA_DIR = path.join(root, 'data');
  process.env.CONTENT_DIR = writeTree(contentDir, {
    'categories.json': TEST_CATEGORIES,
    'kb/reset-password.md': articleFile({
      title: 'Reset your password',
      summary: 'Forgot it? Set a new one.',
    }),
    'kb/vpn.md': articleFile({
      title: 'VPN does not connect',
      summary: 'The VPN client fails.',
      category: 'network',
    }),
  });
  delete process.env.MEILI_URL; // no engine: this is about the suggestion copies only
  encoder = new Encoder();
  await encoder.whenReady();
});
afterAll(async () => {
  await encoder.close();
  closeDatabases();
  Object.assign(process.env, env);
  fs.rmSync(root, { recursive: true, force: true });
});

it('a save hides an unpublished article from vector ranking at once, and a new article gets its vector in the background', async () => {
  const db = getDb();
  syncVectorCatalogue(db, getContent(contentDir).articles, articleVectorTexts); // what the start does
  const sync = startVectorSync(db, encoder, () => getContent(contentDir).articles, {
    textsOf: articleVectorTexts,
  });
  try {
    await sync.idle();
    expect(countVectors(db)).toEqual({ ready: 2, total: 2 });
    const [query] = await encoder.embedQueries(['I forgot my password'], { timeoutMs: 10_000 });
    expect(nearestArticles(db, query!, EMPLOYEE, 1)[0]!.slug).toBe('reset-password');

    fs.writeFileSync(
      path.join(contentDir, 'kb/reset-password.md'),
      articleFile({ title: 'Reset your password', summary: 'Forgot it? Set a new one.', status: 'draft' }),
    );
    fs.writeFileSync(
      path.join(contentDir, 'kb/password-expired.md'),
      articleFile({ title: 'Your password expired', summary: 'Choose a new password after it expired.' }),
    );
    await refreshKnowledgeBase(contentDir);
    expect(nearestArticles(db, query!, EMPLOYEE, 5).map((n) => n.slug)).not.toContain('reset-password');
    expect(countVectors(db).total).toBe(3);

    await sync.idle();
    expect(countVectors(db)).toEqual({ ready: 3, total: 3 });
    expect(nearestArticles(db, query!, EMPLOYEE, 1)[0]!.slug).toBe('password-expired');
  } finally {
    sync.stop();
  }
});
