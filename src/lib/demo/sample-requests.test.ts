import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadContent } from '#lib/content/load.ts';
import { SAMPLE_REQUESTS } from './sample-requests.ts';

const content = loadContent(fileURLToPath(new URL('../../../content', import.meta.url)));

describe('sample requests', () => {
  it('each point at starter articles that exist and that employees can read', () => {
    const readable = new Set(
      content.articles
        .filter((a) => a.status === 'published' && a.audience === 'employees')
        .map((a) => a.slug),
    );
    const missing = SAMPLE_REQUESTS.flatMap((s) =>
      s.slugs.filter((slug) => !readable.has(slug)).map((slug) => `${slug} (for "${s.text}")`),
    );
    expect(missing).toEqual([]);
  });

  it('are about 120 distinct texts, mostly English with some German and Italian, across every category', () => {
    expect(SAMPLE_REQUESTS.length).toBeGreaterThanOrEqual(110);
    expect(new Set(SAMPLE_REQUESTS.map((s) => s.text.toLowerCase())).size).toBe(SAMPLE_REQUESTS.length);
    const share = (lang: string) =>
      SAMPLE_REQUESTS.filter((s) => s.lang === lang).length / SAMPLE_REQUESTS.length;
    expect(share('de')).toBeGreaterThan(0.12);
    expect(share('de')).toBeLessThan(0.18);
    expect(share('it')).toBeGreaterThan(0.08);
    expect(share('it')).toBeLessThan(0.13);
    const categoryOf = new Map(content.articles.map((a) => [a.slug, a.category]));
    const covered = new Set(SAMPLE_REQUESTS.map((s) => categoryOf.get(s.slugs[0])));
    expect([...covered].sort()).toEqual(content.categories.map((c) => c.slug).sort());
  });

  it('stay apart from the search-quality evaluation set', async () => {
    const { readFileSync } = await import('node:fs');
    const evaluation = readFileSync(
      fileURLToPath(new URL('../../../tests/fixtures/search-quality.jsonl', import.meta.url)),
      'utf8',
    )
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { query: string }).query.trim().toLowerCase());
    const shared = SAMPLE_REQUESTS.filter((s) => evaluation.includes(s.text.trim().toLowerCase()));
    expect(shared.map((s) => s.text)).toEqual([]);
  });
});
