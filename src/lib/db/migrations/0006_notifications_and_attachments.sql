-- In-app notifications (owned by src/lib/notifications/notifications.ts): requesters hear of replies
-- and resolutions, agents of assignments. Read when the person opens the ticket or marks them read.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  kind TEXT NOT NULL CHECK (kind IN ('reply', 'resolved', 'assigned', 'requester_reply', 'reopened', 'closed')),
  actor_id INTEGER REFERENCES users (id),
  at TEXT NOT NULL,
  read_at TEXT
) STRICT;
-- The badge counts unread rows per person; the partial index keeps that a lookup, not a scan.
CREATE INDEX notifications_unread ON notifications (user_id, ticket_id) WHERE read_at IS NULL;
CREATE INDEX notifications_user ON notifications (user_id, id);

-- Files attached to a ticket or to one of its messages (owned by src/lib/tickets/attachments.ts).
-- The bytes live under DATA_DIR/attachments with a generated name; nothing the uploader typed reaches the file system.
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  event_id INTEGER REFERENCES ticket_events (id),   -- null: attached when the ticket was filed
  uploader_id INTEGER REFERENCES users (id),
  file_name TEXT NOT NULL,                          -- shown and offered as the download name, never used as a path
  stored_name TEXT NOT NULL UNIQUE,
  media_type TEXT NOT NULL,                          -- from the content, not from the name or the browser
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  internal INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),  -- on an internal note: agents only
  at TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_ticket ON attachments (ticket_id, event_id);
