-- Rendered article bodies kept across restarts (owned by src/lib/content/render-store.ts): rendering
-- is most of a start on a large knowledge base (~10 ms an article). Valid for one build of the code
-- that rendered them.
CREATE TABLE rendered_markdown (
  key TEXT PRIMARY KEY,        -- sha256 of the Markdown
  build TEXT NOT NULL,         -- the build that rendered it (dist/.build-stamp)
  rendered TEXT NOT NULL       -- JSON: html, text, headings, internalLinks
) STRICT;
