-- Every save of an article from the app keeps the full text (owned by src/lib/content/editor.ts):
-- who, when, what; diffs and restores are computed from these rows.
CREATE TABLE article_revisions (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('article', 'faq')),
  status TEXT NOT NULL,
  content TEXT NOT NULL,            -- the whole file: front matter and body
  hash TEXT NOT NULL,               -- sha256 of content: a save must start from the file's current hash
  saved_by INTEGER REFERENCES users (id),
  saved_at TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('promoted', 'created', 'saved', 'published', 'archived', 'restored')),
  note TEXT                         -- JSON: what the scrubber removed, the ticket it came from, the revision restored
) STRICT;
CREATE INDEX article_revisions_slug ON article_revisions (slug, id);
