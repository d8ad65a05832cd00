-- Sentence-encoder vectors of the knowledge base (owned by src/lib/embeddings/vectors.ts; see
-- docs/decisions/012-sentence-encoder.md). One row per loaded article, written when the article is
-- indexed, with what decides who may be shown it; the vector follows in the background. Kept across
-- restarts and shared by every process, so no article is encoded twice.
CREATE TABLE article_vectors (
  slug TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  audience TEXT NOT NULL,
  text_hash TEXT NOT NULL,   -- sha256 of the text to encode now (embeddings/article-text.ts)
  vector_hash TEXT,          -- text_hash of the text the vector was computed from: stale when it differs
  model TEXT,                -- the encoder that computed the vector (embeddings/model.ts)
  version INTEGER NOT NULL,  -- the generation that last wrote the row: processes read only newer rows
  vector BLOB                -- 512 float32 (little-endian), length 1; NULL until first computed
) STRICT;
CREATE INDEX article_vectors_version ON article_vectors (version);
-- Each row fills most of a page (the vector): counting ready vectors (every /healthz) and finding the
-- pending ones read this small index instead of every page. vector_hash and model are set with the vector.
CREATE INDEX article_vectors_state ON article_vectors (slug, text_hash, vector_hash, model);

-- Bumped with every write to article_vectors, like articles_fts_generation: each process keeps its
-- in-memory index for one generation.
CREATE TABLE article_vectors_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
) STRICT;
INSERT INTO article_vectors_generation (id, generation) VALUES (1, 0);
