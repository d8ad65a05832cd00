-- A counter bumped with every change to articles_fts (owned by src/lib/search/fts.ts): rankings cached
-- from FTS5 are valid for one generation, in every process that reads the table.
CREATE TABLE articles_fts_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
) STRICT;
INSERT INTO articles_fts_generation (id, generation) VALUES (1, 0);
