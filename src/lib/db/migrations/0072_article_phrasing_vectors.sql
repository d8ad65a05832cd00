-- The vectors of an article's phrasings (front matter `asked`, decision 018), beside its own: N × 512
-- float32 (little-endian), each of length 1, in the order the article lists them; NULL when it has
-- none. Written with `vector`, by the same model; ranking adds the best phrasing's cosine to the
-- article's (embeddings/vector-index.ts).
ALTER TABLE article_vectors ADD COLUMN asked_vectors BLOB;
