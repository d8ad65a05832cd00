import type { Article } from '#lib/content/load.ts';
import { remember } from '#lib/config/remember.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { embeddingTextsHash, type ArticleVectorTexts } from './article-text.ts';
import { MODEL_ID, VECTOR_BYTES } from './model.ts';

// The one writer of article_vectors and article_vectors_generation (migration 0014).

/** A row as the in-memory index reads it. */
export type VectorRow = {
  slug: string;
  type: string;
  status: string;
  audience: string;
  /** Null when there is no vector of the current model yet. */
  vector: Buffer | null;
  /** Its phrasings' vectors one after another (decision 018); null when it has none. */
  askedVectors: Buffer | null;
};

const listeners = remember('embeddings.catalogueListeners', () => new Set<() => void>());

/** Calls `listener` after every catalogue update in this process (the background job wakes up). */
export function onVectorCatalogueChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const nextGeneration = (db: Db) =>
  (sql(db, 'SELECT generation FROM article_vectors_generation WHERE id = 1').pluck().get() as number) + 1;
const setGeneration = (db: Db, generation: number) =>
  sql(db, 'UPDATE article_vectors_generation SET generation = ? WHERE id = 1').run(generation);

/** Upserts one article's row; true when something changed. An unchanged row keeps its version. */
function upsert(db: Db, article: Article, version: number, textsOf: ArticleVectorTexts): boolean {
  return (
    sql(
      db,
      `INSERT INTO article_vectors (slug, type, status, audience, text_hash, version) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (slug) DO UPDATE SET type = excluded.type, status = excluded.status,
         audience = excluded.audience, text_hash = excluded.text_hash, version = excluded.version
       WHERE type IS NOT excluded.type OR status IS NOT excluded.status
         OR audience IS NOT excluded.audience OR text_hash IS NOT excluded.text_hash`,
    ).run(
      article.slug,
      article.type,
      article.status,
      article.audience,
      embeddingTextsHash(textsOf(article)),
      version,
    ).changes > 0
  );
}

function writeCatalogue(
  db: Db,
  upserts: Article[],
  removedSlugs: string[],
  textsOf: ArticleVectorTexts,
): void {
  db.transaction(() => {
    const version = nextGeneration(db);
    let changed = 0;
    for (const article of upserts) if (upsert(db, article, version, textsOf)) changed++;
    const remove = sql(db, 'DELETE FROM article_vectors WHERE slug = ?');
    for (const slug of removedSlugs) changed += remove.run(slug).changes;
    if (changed > 0) setGeneration(db, version);
  })();
  for (const listener of [...listeners]) listener();
}

/**
 * Makes the catalogue match the loaded knowledge base: new and changed articles get their row (a
 * vector whose text changed is marked stale and computed again), removed ones lose theirs. Changes
 * to who may read an article take effect here, at once, whatever the vector's state.
 */
export function syncVectorCatalogue(
  db: Db,
  articles: Article[],
  /** What the encoder reads of an article: every process must hash with the same function. */
  textsOf: ArticleVectorTexts,
): void {
  const loaded = new Set(articles.map((a) => a.slug));
  const stored = sql(db, 'SELECT slug FROM article_vectors').pluck().all() as string[];
  writeCatalogue(
    db,
    articles,
    stored.filter((slug) => !loaded.has(slug)),
    textsOf,
  );
}

/** The same for a few articles: `changed` were added or edited, `removedSlugs` are gone (unless also in `changed`). */
export function updateVectorCatalogue(
  db: Db,
  changed: Article[],
  removedSlugs: string[],
  /** What the encoder reads of an article: every process must hash with the same function. */
  textsOf: ArticleVectorTexts,
): void {
  const kept = new Set(changed.map((a) => a.slug));
  writeCatalogue(
    db,
    changed,
    removedSlugs.filter((slug) => !kept.has(slug)),
    textsOf,
  );
}

/** Articles whose vector is missing, stale or of another model: what the background job computes. */
export function pendingVectors(db: Db, limit = 1000): Array<{ slug: string; textHash: string }> {
  return sql(
    db,
    `SELECT slug, text_hash AS textHash FROM article_vectors
     WHERE vector_hash IS NOT text_hash OR model IS NOT ?
     ORDER BY vector_hash IS NOT NULL, slug LIMIT ?`,
  ).all(MODEL_ID, limit) as Array<{ slug: string; textHash: string }>;
}

/**
 * Stores computed vectors, each only if its article's text is still the one it was computed from
 * (an edit in between leaves the row pending). Returns how many were stored.
 */
export function storeVectors(
  db: Db,
  computed: Array<{ slug: string; textHash: string; vector: Float32Array; asked?: Float32Array[] }>,
): number {
  let stored = 0;
  db.transaction(() => {
    const version = nextGeneration(db);
    const update = sql(
      db,
      `UPDATE article_vectors SET vector = ?, asked_vectors = ?, vector_hash = ?, model = ?, version = ?
       WHERE slug = ? AND text_hash = ?`,
    );
    const bytesOf = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, VECTOR_BYTES);
    for (const { slug, textHash, vector, asked = [] } of computed) {
      const askedBytes = asked.length > 0 ? Buffer.concat(asked.map(bytesOf)) : null;
      stored += update.run(bytesOf(vector), askedBytes, textHash, MODEL_ID, version, slug, textHash).changes;
    }
    if (stored > 0) setGeneration(db, version);
  })();
  return stored;
}

/** Articles with a vector of the current model for their current text, and all articles. */
export function countVectors(db: Db): { ready: number; total: number } {
  const row = sql(
    db,
    `SELECT count(*) AS total,
       coalesce(sum(vector_hash IS text_hash AND model IS ?), 0) AS ready
     FROM article_vectors`,
  ).get(MODEL_ID) as { ready: number; total: number };
  return { ready: row.ready, total: row.total };
}

export function vectorGeneration(db: Db): number {
  return sql(db, 'SELECT generation FROM article_vectors_generation WHERE id = 1').pluck().get() as number;
}

/**
 * Rows written after generation `since` (0: all), for the in-memory index. A vector of another model
 * reads as null: it lives in another space. A stale vector (its article changed since) is still
 * returned: it is close to the new text until the new one arrives, usually within a second.
 */
export function readVectorRows(db: Db, since: number): VectorRow[] {
  return sql(
    db,
    `SELECT slug, type, status, audience, CASE WHEN model IS ? THEN vector END AS vector,
       CASE WHEN model IS ? THEN asked_vectors END AS askedVectors
     FROM article_vectors WHERE version > ? ORDER BY slug`,
  ).all(MODEL_ID, MODEL_ID, since) as VectorRow[];
}

export function countVectorRows(db: Db): number {
  return sql(db, 'SELECT count(*) FROM article_vectors').pluck().get() as number;
}
