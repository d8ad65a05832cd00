-- Notifications about something other than a ticket (owned by src/lib/notifications/notifications.ts).
-- A notification is about a ticket or about a major incident (people who said "I'm affected too"
-- hear of its updates and its resolution), and agents hear when a ticket's SLA is about to be missed.
-- SQLite cannot relax NOT NULL or a CHECK in place, so the table is rebuilt with the same ids: the
-- mail notifier's cursor (mail_notification_cursor) keeps pointing at the same rows.
CREATE TABLE notifications_new (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ticket_id INTEGER REFERENCES tickets (id),
  incident_id INTEGER REFERENCES incidents (id),
  kind TEXT NOT NULL CHECK (kind IN (
    'reply', 'resolved', 'assigned', 'requester_reply', 'reopened', 'closed',
    'sla_warning', 'incident_update', 'incident_resolved'
  )),
  actor_id INTEGER REFERENCES users (id),
  at TEXT NOT NULL,
  read_at TEXT,
  CHECK ((ticket_id IS NULL) <> (incident_id IS NULL)),
  CHECK ((incident_id IS NOT NULL) = (kind IN ('incident_update', 'incident_resolved')))
) STRICT;
INSERT INTO notifications_new (id, user_id, ticket_id, kind, actor_id, at, read_at)
  SELECT id, user_id, ticket_id, kind, actor_id, at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_unread ON notifications (user_id, ticket_id) WHERE read_at IS NULL;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_incident ON notifications (incident_id) WHERE incident_id IS NOT NULL;
