import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '#lib/db/db.ts';
import { testDatabase } from '#test/db.ts';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';
import { articleHtml, loadContent, renderKey, useRenderStore } from './load.ts';
import { pruneRenderStore, sqliteRenderStore } from './render-store.ts';

afterEach(() => useRenderStore(null));

describe('renders kept across restarts', () => {
  it('are stored by the Markdown hash, used instead of rendering again, and dropped for another build', () => {
    const db = testDatabase();
    const store = sqliteRenderStore(db, 'build-1');
    useRenderStore(store);
    const body = `Unique body ${Math.random()}.\n\n## Steps\n\n1. Do this.\n`;
    const file = articleFile({ title: 'Kept' }, body);
    const { articles } = loadContent(writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, 'kb/kept.md': file }));
    const key = articles[0]!.renderKey;
    expect(store.get(key)?.html).toBe(articleHtml(articles[0]!));

    // What a restart finds in the store is what it shows (this body was never rendered in this process).
    const unseen = `Never rendered ${Math.random()}.\n`;
    store.put(renderKey(`\n${unseen}`), { html: '<p>from the store</p>', text: 'from the store', headings: [], internalLinks: [] });
    const restarted = loadContent(writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, 'kb/unseen.md': articleFile({}, unseen) }));
    expect(articleHtml(restarted.articles[0]!)).toBe('<p>from the store</p>');

    // Another build of the renderer (a sanitizer fix, say) renders everything again.
    expect(sqliteRenderStore(db, 'build-2').get(key)).toBeUndefined();
  });

  it('hold the HTML a page shows: memory keeps the rest, and what the store refused or lost is still shown', () => {
    const db = testDatabase();
    const store = sqliteRenderStore(db, 'build-1');
    useRenderStore(store);
    const body = `Kept apart ${Math.random()}.\n\n## Steps\n\n1. Do this.\n`;
    const dir = writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, 'kb/apart.md': articleFile({}, body) });
    const [article] = loadContent(dir).articles;
    expect(article).not.toHaveProperty('html');
    // The page reads the store's copy, not one held by the article.
    sql(db, "UPDATE rendered_markdown SET rendered = json_set(rendered, '$.html', '<p>as stored</p>')").run();
    expect(articleHtml(article!)).toBe('<p>as stored</p>');

    // Lost from the store (the database replaced under a running portal): the file is rendered again.
    const lostBody = `Lost ${Math.random()}.\n`;
    const lostDir = writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, 'kb/lost.md': articleFile({}, lostBody) });
    const lost = loadContent(lostDir).articles[0]!;
    sql(db, 'DELETE FROM rendered_markdown').run();
    // Edited since: the new body is shown, but not remembered as the old one's HTML.
    writeTree(lostDir, { 'kb/lost.md': articleFile({}, 'Edited since.\n') });
    expect(articleHtml(lost)).toBe('<p>Edited since.</p>');
    writeTree(lostDir, { 'kb/lost.md': articleFile({}, lostBody) });
    expect(articleHtml(lost)).toBe(`<p>${lostBody.trim()}</p>`);

    // A store that refuses to write (a full disk): the render stays in memory and the page still has it.
    const full = () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    };
    useRenderStore({ get: () => undefined, has: () => false, count: () => 0, html: () => undefined, put: full, putAll: full });
    const refused = loadContent(writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, 'kb/refused.md': articleFile({}, `Refused ${Math.random()}.\n`) })).articles[0]!;
    expect(articleHtml(refused)).toMatch(/^<p>Refused 0\.\d+\.<\/p>$/);
  });

  it('forget what no current article uses', () => {
    const db = testDatabase();
    const store = sqliteRenderStore(db, 'b');
    for (const key of ['a', 'b', 'c']) store.put(key, { html: key, text: key, headings: [], internalLinks: [] });
    expect(pruneRenderStore(db, new Set(['b']))).toBe(2);
    expect(['a', 'b', 'c'].map((k) => store.get(k)?.html)).toEqual([undefined, 'b', undefined]);
  });
});
