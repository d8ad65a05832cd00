-- The agent queue (owned by src/lib/tickets/queue.ts) sorts open tickets by priority, then by the next
-- due time: the first response's until there is one, then the resolution's. A generated column keeps
-- that time beside the due times it is made of, whoever writes them (the SLA recompute, the first
-- reply, imports); its value is stored in the indexes below, so the first page and the counts of each
-- view are read from an index instead of sorting every open ticket (decision 042).
ALTER TABLE tickets ADD COLUMN next_due_at TEXT
  GENERATED ALWAYS AS (CASE WHEN first_responded_at IS NULL THEN first_response_due_at ELSE resolution_due_at END) VIRTUAL;

-- Views over open tickets ("all open", "mine"): in queue order.
CREATE INDEX tickets_open_due ON tickets (priority, next_due_at)
  WHERE status IN ('new', 'open', 'pending');
-- "Unassigned" in a tier: counted and listed from one range of this index.
CREATE INDEX tickets_unassigned_due ON tickets (tier, priority, next_due_at)
  WHERE status IN ('new', 'open', 'pending') AND assignee_id IS NULL;
-- A status asked for explicitly (any status, e.g. resolved): in queue order too.
CREATE INDEX tickets_status_due ON tickets (status, priority, next_due_at);

-- Its work is done by the three above (nothing else filters tickets by status and tier).
DROP INDEX tickets_queue;
