-- Major incidents (owned by src/lib/incidents/incidents.ts): one outage, one announcement.
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  service TEXT NOT NULL,             -- the affected service or category, as employees know it
  message TEXT NOT NULL,             -- what employees read on the banner
  status TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  declared_by INTEGER REFERENCES users (id),
  declared_at TEXT NOT NULL,
  resolved_at TEXT,
  closing_note TEXT
) STRICT;
CREATE INDEX incidents_open ON incidents (resolved_at, declared_at);

-- Every status update, timestamped, shown to employees (the declaration is the first one).
CREATE TABLE incident_updates (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  at TEXT NOT NULL,
  author_id INTEGER REFERENCES users (id),
  status TEXT NOT NULL,
  message TEXT NOT NULL
) STRICT;
CREATE INDEX incident_updates_incident ON incident_updates (incident_id, id);

-- People who said "I'm affected too" (instead of filing a ticket): they follow the updates.
CREATE TABLE incident_affected (
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  at TEXT NOT NULL,
  PRIMARY KEY (incident_id, user_id)
) STRICT, WITHOUT ROWID;

-- Tickets about the same outage, resolved with the incident's closing note.
CREATE TABLE incident_tickets (
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  linked_by INTEGER REFERENCES users (id),
  linked_at TEXT NOT NULL,
  PRIMARY KEY (incident_id, ticket_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX incident_tickets_ticket ON incident_tickets (ticket_id);
