-- Employees asking for an article in their language (owned by src/lib/content/translation-requests.ts).
-- One row per person, article and language: asking twice counts once; editors see the counts.
CREATE TABLE translation_requests (
  slug TEXT NOT NULL,
  locale TEXT NOT NULL CHECK (locale IN ('en', 'de', 'it')),
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  requested_at TEXT NOT NULL,
  PRIMARY KEY (slug, locale, user_id)
) STRICT, WITHOUT ROWID;
