-- A person's tickets can be written out of order (an import, a phone call logged late). The trigger of
-- migration 0008 kept the first ticket written, not the earliest one, so a rebuild of the rollups
-- (which takes the minimum) could disagree with the live value. Outcomes were never affected: the
-- reports only ask whether a ticket followed within the window.
DROP TRIGGER tickets_next_ticket;

CREATE TRIGGER tickets_next_ticket AFTER INSERT ON tickets
BEGIN
  UPDATE help_requests SET next_ticket_at = NEW.created_at
    WHERE user_id = NEW.requester_id AND (next_ticket_at IS NULL OR next_ticket_at > NEW.created_at)
      AND started_at <= NEW.created_at AND started_at >= strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at, '-1 day');
END;
