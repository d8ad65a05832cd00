-- Ticket lifecycle: SLA targets, tiers, assignment, due times, timeline (owned by src/lib/tickets/*).
CREATE TABLE sla_targets (
  priority INTEGER PRIMARY KEY CHECK (priority BETWEEN 1 AND 4),
  first_response_minutes INTEGER NOT NULL CHECK (first_response_minutes > 0),
  resolution_minutes INTEGER NOT NULL CHECK (resolution_minutes > 0)
) STRICT;
-- Calendar minutes (the desk's phone line covers urgent cases out of hours); admins change them.
INSERT INTO sla_targets (priority, first_response_minutes, resolution_minutes) VALUES
  (1, 15, 240),
  (2, 60, 480),
  (3, 240, 4320),
  (4, 480, 7200);

ALTER TABLE tickets ADD COLUMN tier INTEGER NOT NULL DEFAULT 1 CHECK (tier BETWEEN 1 AND 3);
ALTER TABLE tickets ADD COLUMN assignee_id INTEGER REFERENCES users (id);
ALTER TABLE tickets ADD COLUMN first_response_due_at TEXT;
ALTER TABLE tickets ADD COLUMN resolution_due_at TEXT;
ALTER TABLE tickets ADD COLUMN first_responded_at TEXT;
ALTER TABLE tickets ADD COLUMN resolved_at TEXT;
ALTER TABLE tickets ADD COLUMN closed_at TEXT;
ALTER TABLE tickets ADD COLUMN pending_since TEXT;
ALTER TABLE tickets ADD COLUMN paused_ms INTEGER NOT NULL DEFAULT 0;  -- total time spent pending (the SLA clock stops)
ALTER TABLE tickets ADD COLUMN resolution TEXT;
-- Bumped by every change: a save based on an older version is refused instead of overwriting.
ALTER TABLE tickets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tickets ADD COLUMN updated_at TEXT;
-- The requester's answer to "how did we do?" after confirming the fix.
ALTER TABLE tickets ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE tickets ADD COLUMN rating_comment TEXT;

CREATE INDEX tickets_queue ON tickets (status, tier, priority, resolution_due_at);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status);

-- Everything that happens to a ticket, in order: who, when, what, from → to.
CREATE TABLE ticket_events (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  at TEXT NOT NULL,
  actor_id INTEGER REFERENCES users (id),
  type TEXT NOT NULL,              -- created, status, claimed, assigned, escalated, sent_back, reply, note, priority, category
  from_value TEXT,
  to_value TEXT,
  body TEXT,
  internal INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1))  -- internal notes and moves never reach the requester
) STRICT;
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

-- Tickets filed before this migration get their due times and the start of their timeline.
UPDATE tickets SET
  first_response_due_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+' || (SELECT first_response_minutes FROM sla_targets s WHERE s.priority = tickets.priority) || ' minutes'),
  resolution_due_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+' || (SELECT resolution_minutes FROM sla_targets s WHERE s.priority = tickets.priority) || ' minutes'),
  updated_at = created_at;
INSERT INTO ticket_events (ticket_id, at, actor_id, type, to_value)
  SELECT id, created_at, requester_id, 'created', 'P' || priority FROM tickets;
