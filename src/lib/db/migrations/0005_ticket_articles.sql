-- Knowledge-base articles an agent linked when resolving a ticket (owned by src/lib/tickets/workflow.ts).
-- Counting them per article gives its reuse in resolutions (reports, knowledge lifecycle).
CREATE TABLE ticket_articles (
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  slug TEXT NOT NULL,
  linked_by INTEGER REFERENCES users (id),
  at TEXT NOT NULL,
  PRIMARY KEY (ticket_id, slug)
) STRICT, WITHOUT ROWID;
CREATE INDEX ticket_articles_slug ON ticket_articles (slug);
