-- How employees described problems that an article solved (owned by src/lib/search/learned.ts; see
-- docs/decisions/014-learning-from-solved-requests.md). Written from confirmed deflections and from
-- resolved tickets that linked the article, scrubbed of personal data, at most a few dozen per
-- article. A phrasing an agent removed stays as a tombstone (removed_at set), so it is not learned again.
CREATE TABLE learned_phrasings (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('request', 'ticket')),
  source_id TEXT NOT NULL,     -- the help request's id or the ticket's number
  text TEXT NOT NULL,          -- scrubbed subject and description
  learned_at TEXT NOT NULL,    -- when the solve was confirmed: the weight decays from here
  removed_at TEXT,
  removed_by INTEGER REFERENCES users (id),
  UNIQUE (source, source_id, slug)
) STRICT;
CREATE INDEX learned_phrasings_slug ON learned_phrasings (slug, learned_at);
CREATE INDEX learned_phrasings_learned ON learned_phrasings (learned_at);

-- The active phrasings' words (rowid = learned_phrasings.id), tokenized as articles_fts is.
CREATE VIRTUAL TABLE learned_fts USING fts5(
  text,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
