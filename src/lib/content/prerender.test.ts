import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '#lib/db/db.ts';
import { testDatabase } from '#test/db.ts';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';
import { articleHtml, loadContent, unrenderedAtMost, unrenderedBodies, useRenderStore } from './load.ts';
import { prerenderContent } from './prerender.ts';
import { renderMarkdown } from './render.ts';
import { sqliteRenderStore } from './render-store.ts';

afterEach(() => useRenderStore(null));

const articles = (n: number, tag: string) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `kb/article-${i}.md`,
      articleFile({ title: `Article ${i}` }, `Body ${tag} ${i}: see [the portal](https://example.com).\n\n## Steps\n\n1. Step ${i}.\n`),
    ]),
  );

describe('rendering a knowledge base on every core before it loads', () => {
  it('stores every render the load would make, exactly as the load makes it, and the load renders none itself', async () => {
    const db = testDatabase();
    useRenderStore(sqliteRenderStore(db, 'renderer-1'));
    const tag = String(Math.random());
    const dir = writeTree(tempDir(), {
      'categories.json': TEST_CATEGORIES,
      ...articles(30, tag),
      'kb/article-0.de.md': `---\ntitle: Artikel\nsummary: Kurz.\nlocale: de\nstatus: published\nsource_updated: 2026-10-01\n---\n\nText ${tag}.\n`,
      'kb/Not A Slug.md': articleFile({}, `Refused by the loader ${tag}.\n`),
    });
    const bodies = unrenderedBodies(dir);
    expect(bodies.size).toBe(32);
    expect(unrenderedAtMost(dir)).toBe(32);

    expect(await prerenderContent(dir, { threads: 2, minBodies: 1 })).toBe(32);
    expect(sql(db, 'SELECT count(*) FROM rendered_markdown').pluck().get()).toBe(32);
    expect(unrenderedBodies(dir).size).toBe(0);
    // A restart now counts nothing to render without reading a file.
    expect(unrenderedAtMost(dir)).toBe(0);
    for (const [key, markdown] of bodies) {
      const stored = sql(db, 'SELECT rendered FROM rendered_markdown WHERE key = ?').pluck().get(key) as string;
      expect(JSON.parse(stored)).toEqual(renderMarkdown(markdown));
    }
    // The load reads them: a mark put in the store shows in every article it loads.
    sql(db, "UPDATE rendered_markdown SET rendered = json_set(rendered, '$.text', 'from a thread')").run();
    const loaded = loadContent(dir);
    expect(loaded.articles).toHaveLength(30);
    expect(loaded.translations).toHaveLength(1);
    for (const file of [...loaded.articles, ...loaded.translations]) {
      expect(file.text).toBe('from a thread');
      expect(articleHtml(file)).toBe(renderMarkdown(bodies.get(file.renderKey)!).html);
    }
  });

  it('keeps what a full disk refused in memory, and the pages still show it', async () => {
    const full = () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    };
    useRenderStore({ get: () => undefined, has: () => false, count: () => 0, html: () => undefined, put: full, putAll: full });
    const dir = writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, ...articles(4, String(Math.random())) });
    const bodies = unrenderedBodies(dir);
    expect(await prerenderContent(dir, { threads: 2, minBodies: 1 })).toBe(4);
    expect(unrenderedBodies(dir).size).toBe(0);
    for (const file of loadContent(dir).articles)
      expect(articleHtml(file)).toBe(renderMarkdown(bodies.get(file.renderKey)!).html);
  });

  it('leaves a few bodies, or a machine with one core, to the load', async () => {
    const db = testDatabase();
    useRenderStore(sqliteRenderStore(db, 'renderer-1'));
    const dir = writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, ...articles(5, String(Math.random())) });
    expect(await prerenderContent(dir, { threads: 2 })).toBe(0);
    expect(await prerenderContent(dir, { threads: 1, minBodies: 1 })).toBe(0);
    expect(sql(db, 'SELECT count(*) FROM rendered_markdown').pluck().get()).toBe(0);
    expect(loadContent(dir).articles).toHaveLength(5);
    expect(sql(db, 'SELECT count(*) FROM rendered_markdown').pluck().get()).toBe(5);
  });
});
