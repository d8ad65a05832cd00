-- Macros: named canned replies with placeholders and optional actions (owned by src/lib/tickets/macros.ts,
-- decision 043). A personal macro has an owner who alone sees and edits it; a shared one (owner_id NULL)
-- is used by every agent and edited by managers and admins. The actions are applied through the
-- ticket workflow when a reply written with the macro is sent.
CREATE TABLE ticket_macros (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  body TEXT NOT NULL CHECK (length(body) <= 5000),
  -- The language the desk wrote the text in (marks it with `lang`; the picker offers the ticket's first).
  locale TEXT NOT NULL CHECK (locale IN ('en', 'de', 'it')),
  owner_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
  set_status TEXT CHECK (set_status IN ('open', 'pending', 'resolved')),
  set_priority INTEGER CHECK (set_priority BETWEEN 1 AND 4),
  set_category TEXT,
  link_article TEXT,
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX ticket_macros_owner ON ticket_macros (owner_id, name);
