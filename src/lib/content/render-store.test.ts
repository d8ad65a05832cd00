import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';
import { loadContent, renderKey, useRenderStore } from './load.ts';
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
    expect(store.get(key)?.html).toBe(articles[0]!.html);

    // What a restart finds in the store is what it shows (this body was never rendered in this process).
    const unseen = `Never rendered ${Math.random()}.\n`;
    store.put(renderKey(`\n${unseen}`), { html: '<p>from the store</p>', text: 'from the store', headings: [], internalLinks: [] });
    const restarted = loadContent(writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, 'kb/unseen.md': articleFile({}, unseen) }));
    expect(restarted.articles[0]!.html).toBe('<p>from the store</p>');

    // Another build of the renderer (a sanitizer fix, say) renders everything again.
    expect(sqliteRenderStore(db, 'build-2').get(key)).toBeUndefined();
  });

  it('forget what no current article uses', () => {
    const db = testDatabase();
    const store = sqliteRenderStore(db, 'b');
    for (const key of ['a', 'b', 'c']) store.put(key, { html: key, text: key, headings: [], internalLinks: [] });
    expect(pruneRenderStore(db, new Set(['b']))).toBe(2);
    expect(['a', 'b', 'c'].map((k) => store.get(k)?.html)).toEqual([undefined, 'b', undefined]);
  });
});
