-- A requester hears that their ticket was merged into another one (kind 'merged'; decision 044).
-- SQLite cannot change a CHECK in place: the table is rebuilt with the same ids (as in 0064), so the
-- mail notifier's cursor keeps pointing at the same rows. A later rebuild must keep 'merged'.
CREATE TABLE notifications_new (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ticket_id INTEGER REFERENCES tickets (id),
  incident_id INTEGER REFERENCES incidents (id),
  kind TEXT NOT NULL CHECK (kind IN (
    'reply', 'resolved', 'assigned', 'requester_reply', 'reopened', 'closed', 'merged',
    'sla_warning', 'incident_update', 'incident_resolved'
  )),
  actor_id INTEGER REFERENCES users (id),
  at TEXT NOT NULL,
  read_at TEXT,
  CHECK ((ticket_id IS NULL) <> (incident_id IS NULL)),
  CHECK ((incident_id IS NOT NULL) = (kind IN ('incident_update', 'incident_resolved')))
) STRICT;
INSERT INTO notifications_new (id, user_id, ticket_id, incident_id, kind, actor_id, at, read_at)
  SELECT id, user_id, ticket_id, incident_id, kind, actor_id, at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_unread ON notifications (user_id, ticket_id) WHERE read_at IS NULL;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_incident ON notifications (incident_id) WHERE incident_id IS NOT NULL;
