import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent, type Article } from '#lib/content/load.ts';
import { EMPLOYEE } from '#lib/content/store.ts';
import { migrate, openDatabase, type Db } from '#lib/db/db.ts';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';
import { phrasingsAsWritten } from './article-text.ts';
import { DIMENSIONS } from './model.ts';
import { articleCosines, kthLargest, nearestArticles } from './vector-index.ts';
import { storeVectors, syncVectorCatalogue } from './vectors.ts';

/** A seeded generator, so that a failure is the same on every run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

function unitVector(random: () => number): Float32Array {
  const v = Float32Array.from({ length: DIMENSIONS }, () => random() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

/** `count` published articles in a real database, each with its catalogue row; vectors are set by the test. */
function knowledgeBase(count: number): { db: Db; hashes: Map<string, string>; articles: Article[] } {
  const root = tempDir();
  const contentDir = writeTree(path.join(root, 'content'), {
    'categories.json': TEST_CATEGORIES,
    'kb/base.md': articleFile({ title: 'Base', summary: 'A base article.' }, 'Body.\n'),
  });
  const base = loadContent(contentDir).articles[0]!;
  const articles = Array.from({ length: count }, (_, i) => ({
    ...base,
    slug: `a-${i}`,
    title: `Article ${i}`,
  }));
  const db = openDatabase(path.join(root, 'fixpoint.db'));
  migrate(db);
  syncVectorCatalogue(db, articles, phrasingsAsWritten);
  const hashes = new Map(
    db.prepare('SELECT slug, text_hash FROM article_vectors').raw().all() as Array<[string, string]>,
  );
  return { db, hashes, articles };
}

describe('the vector index', () => {
  it('reads phrasings as they are replaced, grown, shrunk and removed, generation after generation', () => {
    const random = seeded(11);
    const { db, hashes } = knowledgeBase(60);
    // What the index must answer, kept by the test: each article's vector and phrasing vectors.
    const truth = new Map<string, { vector: Float32Array; asked: Float32Array[] }>();
    const write = (slugs: string[]) => {
      const rows = slugs.map((slug) => {
        const asked = Array.from({ length: Math.floor(random() * 6) }, () => unitVector(random));
        const row = { slug, textHash: hashes.get(slug)!, vector: unitVector(random), asked };
        truth.set(slug, row);
        return row;
      });
      storeVectors(db, rows);
    };
    // An article read alone gets the offset that puts it on the phrased articles' scale.
    const expected = (q: Float32Array, slug: string, aloneOffset: number) => {
      const { vector, asked } = truth.get(slug)!;
      const own = cosine(vector, q);
      return asked.length === 0 ? own + aloneOffset : (own + Math.max(...asked.map((a) => cosine(a, q)))) / 2;
    };
    write([...hashes.keys()]);
    // Many small generations, as the background job writes them: the store is appended to, overwritten
    // in place and packed again along the way; every answer must stay the brute-force one.
    for (let round = 0; round < 40; round++) {
      write(Array.from({ length: 4 }, () => `a-${Math.floor(random() * 60)}`));
      // Sometimes the query is one of the phrasings itself: that article must come first.
      const some = truth.get(`a-${round}`)!;
      const q = round % 2 === 0 && some.asked.length > 0 ? some.asked[0]! : unitVector(random);
      for (const offset of [0, 0.1]) {
        const all = articleCosines(db, q, EMPLOYEE, truth.keys(), offset);
        for (const slug of truth.keys()) expect(all.get(slug)).toBeCloseTo(expected(q, slug, offset), 4);
        const nearest = nearestArticles(db, q, EMPLOYEE, 5, undefined, offset);
        const ranked = [...truth.keys()]
          .sort((a, b) => expected(q, b, offset) - expected(q, a, offset))
          .slice(0, 5);
        expect(nearest.map((n) => n.slug)).toEqual(ranked);
        nearest.forEach((n) => expect(n.cosine).toBeCloseTo(expected(q, n.slug, offset), 4));
      }
    }
  });

  it('on a large knowledge base reads the phrasings of the articles whose own vector is nearest', () => {
    const random = seeded(5);
    const { db, hashes } = knowledgeBase(400);
    const q = unitVector(random);
    const away = q.map((x) => -x); // cosine −1
    const rows = [...hashes.keys()].map((slug) => ({
      slug,
      textHash: hashes.get(slug)!,
      vector: unitVector(random),
    }));
    // a-0: its own vector near the query, and a phrasing that is the query. a-1: its own vector the
    // opposite of the query, so it is not among the 256 nearest: its phrasing is not read by the scan.
    rows[0] = { ...rows[0]!, vector: unitVector(random).map((x, i) => x * 0.5 + q[i]! * 0.5) };
    Object.assign(rows[0]!, { asked: [q] });
    Object.assign(rows[1]!, { vector: away, asked: [q] });
    storeVectors(db, rows);
    const nearest = nearestArticles(db, q, EMPLOYEE, 3);
    expect(nearest[0]!.slug).toBe('a-0');
    expect(nearest[0]!.cosine).toBeCloseTo((cosine(rows[0]!.vector, q) + 1) / 2, 4);
    expect(nearest.map((n) => n.slug)).not.toContain('a-1');
    // Asked for by name (a candidate another ranking found), its phrasing counts: (−1 + 1) / 2.
    expect(articleCosines(db, q, EMPLOYEE, ['a-1']).get('a-1')).toBeCloseTo(0, 4);
  });

  it('ranks articles closer together than the byte codes can tell in their exact order', () => {
    const random = seeded(8);
    const { db, hashes } = knowledgeBase(40);
    const q = unitVector(random);
    // Article i at cosine 0.9 + 0.0002·i to the query exactly: a step a fifth of the codes' rounding.
    const rows = [...hashes.keys()].map((slug) => {
      const r = unitVector(random);
      const along = cosine(r, q);
      const across = r.map((x, d) => x - along * q[d]!);
      const norm = Math.hypot(...across);
      const c = 0.9 + 0.0002 * Number(slug.slice('a-'.length));
      const vector = q.map((x, d) => c * x + (Math.sqrt(1 - c * c) * across[d]!) / norm);
      return { slug, textHash: hashes.get(slug)!, vector };
    });
    storeVectors(db, rows);
    const nearest = nearestArticles(db, q, EMPLOYEE, 5);
    expect(nearest.map((n) => n.slug)).toEqual(['a-39', 'a-38', 'a-37', 'a-36', 'a-35']);
    nearest.forEach((n, i) => expect(n.cosine).toBeCloseTo(0.9 + 0.0002 * (39 - i), 5));
  });

  it('selects the k-th largest cosine as a sort would, ties and all', () => {
    const random = seeded(3);
    for (const length of [1, 2, 3, 10, 257, 1000]) {
      for (const k of [1, 2, Math.ceil(length / 2), length].filter((k) => k <= length)) {
        // Few distinct values, so ties are common; then many.
        for (const levels of [3, 1000]) {
          const values = Float32Array.from({ length }, () => Math.floor(random() * levels) / levels);
          const sorted = Float32Array.from(values).sort();
          expect(kthLargest(values, k), `${length} values, k ${k}`).toBe(sorted[length - k]);
        }
      }
    }
  });
});
