-- Saves of translations (<slug>.<locale>.md) are revisions too (owned by src/lib/content/editor.ts):
-- locale names the translation's language; NULL is the source file, as every row before this one.
ALTER TABLE article_revisions ADD COLUMN locale TEXT CHECK (locale IN ('en', 'de', 'it'));
