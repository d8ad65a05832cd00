import { describe, expect, it } from 'vitest';
import { dot, VectorStore } from './dot-scan.ts';
import { DIMENSIONS } from './model.ts';

/** A seeded generator, so that a failure is the same on every run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
}

describe('the SIMD scan of stored vectors', () => {
  it('runs in WebAssembly here and gives every row the dot product JavaScript computes', () => {
    const random = seeded(7);
    const store = new VectorStore(300);
    expect(store.simd).toBe(true);
    for (let i = 0; i < 300 * DIMENSIONS; i++) store.vectors[i] = random();
    const query = Float32Array.from({ length: DIMENSIONS }, random);
    const scanned = store.scan(query, 257);
    expect(scanned).toHaveLength(257);
    for (let row = 0; row < 257; row++) expect(scanned[row]).toBeCloseTo(dot(store.vectors, row, query), 4);
    // Rows past those asked for are not computed: their slot still holds what it had (zero).
    expect(store.scan(query, 1)).toHaveLength(1);
  });

  it('reads each row from its own place: a row equal to the query gives its squared length, the others what they hold', () => {
    const store = new VectorStore(4);
    const query = new Float32Array(DIMENSIONS).fill(0);
    query[0] = 1;
    query[DIMENSIONS - 1] = 2;
    store.vectors.set(query, 2 * DIMENSIONS);
    store.vectors[DIMENSIONS - 1] = 3; // row 0: only its last component, 3 · 2
    store.vectors[3 * DIMENSIONS] = -1; // row 3: only its first, −1 · 1
    expect([...store.scan(query, 4)]).toEqual([6, 0, 5, -1]);
    // A run of rows from the middle (one article's phrasings): the same products, for those rows only.
    expect([...store.scan(query, 2, 1)]).toEqual([0, 5]);
    expect([...store.scan(query, 5, 3)]).toEqual([-1]);
  });

  it('scans a store that holds more rows than asked for, and no more than it holds', () => {
    const store = new VectorStore(2);
    store.vectors.fill(1);
    const query = new Float32Array(DIMENSIONS).fill(0.5);
    expect([...store.scan(query, 10)]).toEqual([DIMENSIONS / 2, DIMENSIONS / 2]);
  });

  it("scans rows' byte codes to within rounding of the exact products, and keeps them when a store grows", () => {
    const random = seeded(11);
    const unitLength = (v: Float32Array) => {
      const norm = Math.hypot(...v);
      return v.map((x) => x / norm);
    };
    const rows = 500;
    const store = new VectorStore(rows, { codes: true });
    for (let row = 0; row < rows; row++) {
      store.vectors.set(unitLength(Float32Array.from({ length: DIMENSIONS }, random)), row * DIMENSIONS);
      store.encode(row);
    }
    const query = unitLength(Float32Array.from({ length: DIMENSIONS }, random));
    const exact = Float32Array.from(store.scan(query, rows));
    const coded = Float32Array.from(store.scanCodes(query, rows));
    const errors = exact.map((x, row) => Math.abs(x - coded[row]!));
    expect(Math.max(...errors)).toBeLessThan(0.002);
    expect(Math.max(...errors)).toBeGreaterThan(0); // really the codes, not the floats again

    const grown = new VectorStore(2 * rows, { codes: true });
    grown.copyFrom(store);
    expect([...grown.scanCodes(query, rows)]).toEqual([...coded]);
    // A zero row scores 0; a store without codes gives the exact products.
    expect(grown.scanCodes(query, rows + 1)[rows]).toBe(0);
    const plain = new VectorStore(rows);
    plain.copyFrom(store);
    expect([...plain.scanCodes(query, rows)]).toEqual([...exact]);
  });

  it('scans several runs of rows with one query copied in once', () => {
    const store = new VectorStore(3);
    store.vectors.set([1, 2], 0);
    store.vectors.set([3], DIMENSIONS);
    store.vectors.set([0, 5], 2 * DIMENSIONS);
    const query = new Float32Array(DIMENSIONS);
    query.set([1, 1]);
    const scan = store.scanner(query);
    expect([...scan(1, 2)]).toEqual([5]);
    expect([...scan(2)]).toEqual([3, 3]);
  });
});
