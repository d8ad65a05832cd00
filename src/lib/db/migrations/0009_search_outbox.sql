-- Index updates that Meilisearch has not confirmed yet (owned by src/lib/search/outbox.ts). Written
-- before each attempt, removed after the engine confirms; drained when the engine is back.
CREATE TABLE search_outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('articles', 'ticket')),  -- articles: sync the knowledge base by content hash; ticket: one ticket document
  ref TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  UNIQUE (kind, ref)
) STRICT;
