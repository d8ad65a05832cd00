-- Merging a duplicate and linking related tickets (owned by src/lib/tickets/merge.ts and links.ts;
-- decision 044). A merged ticket is closed and points at the ticket it was merged into; readers,
-- replies and inbound mail follow the pointer (chains are followed to the end).
ALTER TABLE tickets ADD COLUMN merged_into INTEGER REFERENCES tickets (id);
CREATE INDEX tickets_merged_into ON tickets (merged_into) WHERE merged_into IS NOT NULL;

-- Two related tickets (neither merged): one row per pair, the smaller id first.
CREATE TABLE ticket_links (
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  other_id INTEGER NOT NULL REFERENCES tickets (id),
  linked_by INTEGER REFERENCES users (id),
  at TEXT NOT NULL,
  PRIMARY KEY (ticket_id, other_id),
  CHECK (ticket_id < other_id)
) STRICT;
CREATE INDEX ticket_links_other ON ticket_links (other_id, ticket_id);
