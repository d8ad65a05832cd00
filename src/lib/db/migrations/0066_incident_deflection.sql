-- "I'm affected too" from a help request is a deflection of its own kind (decision 052): the request
-- names the incident (owned by src/lib/deflection/requests.ts; its channel becomes 'incident'), and the
-- report rollups of migrations 0008 and 0050 count it in a column of its own, "affected". The outcome
-- order is classifyRequest()'s: solved, then a ticket filed from the request, then affected, then the rest.
ALTER TABLE help_requests ADD COLUMN incident_id INTEGER REFERENCES incidents (id);
CREATE INDEX help_requests_incident ON help_requests (incident_id) WHERE incident_id IS NOT NULL;
ALTER TABLE request_hourly ADD COLUMN affected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE request_channel_hourly ADD COLUMN affected INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER help_requests_hourly_insert;
DROP TRIGGER help_requests_hourly_update;
DROP TRIGGER help_requests_channel_insert;
DROP TRIGGER help_requests_channel_update;

CREATE TRIGGER help_requests_hourly_insert AFTER INSERT ON help_requests BEGIN
  INSERT INTO request_hourly (hour, requests, shown, opened, solved, from_request, confirmed, ticket, none, candidate, affected) VALUES (
    substr(NEW.started_at, 1, 13), 1, NEW.shown, NEW.opened, NEW.solved_slug IS NOT NULL, NEW.ticket_id IS NOT NULL, NEW.solved_slug IS NOT NULL,
    NEW.solved_slug IS NULL AND (NEW.ticket_id IS NOT NULL OR (NEW.incident_id IS NULL AND NEW.shown = 1 AND NEW.next_ticket_at IS NOT NULL)),
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.incident_id IS NULL AND NEW.shown = 0,
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.incident_id IS NULL AND NEW.shown = 1 AND NEW.next_ticket_at IS NULL,
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.incident_id IS NOT NULL)
  ON CONFLICT (hour) DO UPDATE SET requests = requests + excluded.requests, shown = shown + excluded.shown, opened = opened + excluded.opened, solved = solved + excluded.solved,
    from_request = from_request + excluded.from_request, confirmed = confirmed + excluded.confirmed, ticket = ticket + excluded.ticket, none = none + excluded.none,
    candidate = candidate + excluded.candidate, affected = affected + excluded.affected;
END;

CREATE TRIGGER help_requests_hourly_update AFTER UPDATE OF started_at, shown, opened, solved_slug, ticket_id, next_ticket_at, incident_id ON help_requests BEGIN
  INSERT INTO request_hourly (hour, requests, shown, opened, solved, from_request, confirmed, ticket, none, candidate, affected) VALUES (
    substr(OLD.started_at, 1, 13), -1, -OLD.shown, -OLD.opened, -(OLD.solved_slug IS NOT NULL), -(OLD.ticket_id IS NOT NULL), -(OLD.solved_slug IS NOT NULL),
    -(OLD.solved_slug IS NULL AND (OLD.ticket_id IS NOT NULL OR (OLD.incident_id IS NULL AND OLD.shown = 1 AND OLD.next_ticket_at IS NOT NULL))),
    -(OLD.solved_slug IS NULL AND OLD.ticket_id IS NULL AND OLD.incident_id IS NULL AND OLD.shown = 0),
    -(OLD.solved_slug IS NULL AND OLD.ticket_id IS NULL AND OLD.incident_id IS NULL AND OLD.shown = 1 AND OLD.next_ticket_at IS NULL),
    -(OLD.solved_slug IS NULL AND OLD.ticket_id IS NULL AND OLD.incident_id IS NOT NULL))
  ON CONFLICT (hour) DO UPDATE SET requests = requests + excluded.requests, shown = shown + excluded.shown, opened = opened + excluded.opened, solved = solved + excluded.solved,
    from_request = from_request + excluded.from_request, confirmed = confirmed + excluded.confirmed, ticket = ticket + excluded.ticket, none = none + excluded.none,
    candidate = candidate + excluded.candidate, affected = affected + excluded.affected;
  INSERT INTO request_hourly (hour, requests, shown, opened, solved, from_request, confirmed, ticket, none, candidate, affected) VALUES (
    substr(NEW.started_at, 1, 13), 1, NEW.shown, NEW.opened, NEW.solved_slug IS NOT NULL, NEW.ticket_id IS NOT NULL, NEW.solved_slug IS NOT NULL,
    NEW.solved_slug IS NULL AND (NEW.ticket_id IS NOT NULL OR (NEW.incident_id IS NULL AND NEW.shown = 1 AND NEW.next_ticket_at IS NOT NULL)),
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.incident_id IS NULL AND NEW.shown = 0,
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.incident_id IS NULL AND NEW.shown = 1 AND NEW.next_ticket_at IS NULL,
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.incident_id IS NOT NULL)
  ON CONFLICT (hour) DO UPDATE SET requests = requests + excluded.requests, shown = shown + excluded.shown, opened = opened + excluded.opened, solved = solved + excluded.solved,
    from_request = from_request + excluded.from_request, confirmed = confirmed + excluded.confirmed, ticket = ticket + excluded.ticket, none = none + excluded.none,
    candidate = candidate + excluded.candidate, affected = affected + excluded.affected;
END;

CREATE TRIGGER help_requests_channel_insert AFTER INSERT ON help_requests BEGIN
  INSERT INTO request_channel_hourly (hour, channel, requests, confirmed, ticket, none, candidate, affected) VALUES (
    substr(NEW.started_at, 1, 13), NEW.channel, 1, NEW.solved_slug IS NOT NULL,
    NEW.solved_slug IS NULL AND (NEW.ticket_id IS NOT NULL OR (NEW.incident_id IS NULL AND NEW.shown = 1 AND NEW.next_ticket_at IS NOT NULL)),
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.incident_id IS NULL AND NEW.shown = 0,
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.incident_id IS NULL AND NEW.shown = 1 AND NEW.next_ticket_at IS NULL,
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.incident_id IS NOT NULL)
  ON CONFLICT (hour, channel) DO UPDATE SET requests = requests + excluded.requests, confirmed = confirmed + excluded.confirmed,
    ticket = ticket + excluded.ticket, none = none + excluded.none, candidate = candidate + excluded.candidate, affected = affected + excluded.affected;
END;

CREATE TRIGGER help_requests_channel_update AFTER UPDATE OF started_at, shown, solved_slug, ticket_id, next_ticket_at, channel, incident_id ON help_requests BEGIN
  INSERT INTO request_channel_hourly (hour, channel, requests, confirmed, ticket, none, candidate, affected) VALUES (
    substr(OLD.started_at, 1, 13), OLD.channel, -1, -(OLD.solved_slug IS NOT NULL),
    -(OLD.solved_slug IS NULL AND (OLD.ticket_id IS NOT NULL OR (OLD.incident_id IS NULL AND OLD.shown = 1 AND OLD.next_ticket_at IS NOT NULL))),
    -(OLD.solved_slug IS NULL AND OLD.ticket_id IS NULL AND OLD.incident_id IS NULL AND OLD.shown = 0),
    -(OLD.solved_slug IS NULL AND OLD.ticket_id IS NULL AND OLD.incident_id IS NULL AND OLD.shown = 1 AND OLD.next_ticket_at IS NULL),
    -(OLD.solved_slug IS NULL AND OLD.ticket_id IS NULL AND OLD.incident_id IS NOT NULL))
  ON CONFLICT (hour, channel) DO UPDATE SET requests = requests + excluded.requests, confirmed = confirmed + excluded.confirmed,
    ticket = ticket + excluded.ticket, none = none + excluded.none, candidate = candidate + excluded.candidate, affected = affected + excluded.affected;
  INSERT INTO request_channel_hourly (hour, channel, requests, confirmed, ticket, none, candidate, affected) VALUES (
    substr(NEW.started_at, 1, 13), NEW.channel, 1, NEW.solved_slug IS NOT NULL,
    NEW.solved_slug IS NULL AND (NEW.ticket_id IS NOT NULL OR (NEW.incident_id IS NULL AND NEW.shown = 1 AND NEW.next_ticket_at IS NOT NULL)),
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.incident_id IS NULL AND NEW.shown = 0,
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.incident_id IS NULL AND NEW.shown = 1 AND NEW.next_ticket_at IS NULL,
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.incident_id IS NOT NULL)
  ON CONFLICT (hour, channel) DO UPDATE SET requests = requests + excluded.requests, confirmed = confirmed + excluded.confirmed,
    ticket = ticket + excluded.ticket, none = none + excluded.none, candidate = candidate + excluded.candidate, affected = affected + excluded.affected;
END;

-- What already happened before this migration (the same statements as rebuildReportRollups(), which
-- runs this after the backfills of 0008 and 0050: these two tables are recounted with "affected").
DELETE FROM request_hourly;
INSERT INTO request_hourly (hour, requests, shown, opened, solved, from_request, confirmed, ticket, none, candidate, affected)
  SELECT substr(started_at, 1, 13), count(*), sum(shown), sum(opened), sum(solved_slug IS NOT NULL), sum(ticket_id IS NOT NULL), sum(solved_slug IS NOT NULL),
    sum(solved_slug IS NULL AND (ticket_id IS NOT NULL OR (incident_id IS NULL AND shown = 1 AND next_ticket_at IS NOT NULL))),
    sum(solved_slug IS NULL AND ticket_id IS NULL AND incident_id IS NULL AND shown = 0),
    sum(solved_slug IS NULL AND ticket_id IS NULL AND incident_id IS NULL AND shown = 1 AND next_ticket_at IS NULL),
    sum(solved_slug IS NULL AND ticket_id IS NULL AND incident_id IS NOT NULL)
  FROM help_requests GROUP BY 1;
DELETE FROM request_channel_hourly;
INSERT INTO request_channel_hourly (hour, channel, requests, confirmed, ticket, none, candidate, affected)
  SELECT substr(started_at, 1, 13), channel, count(*), sum(solved_slug IS NOT NULL),
    sum(solved_slug IS NULL AND (ticket_id IS NOT NULL OR (incident_id IS NULL AND shown = 1 AND next_ticket_at IS NOT NULL))),
    sum(solved_slug IS NULL AND ticket_id IS NULL AND incident_id IS NULL AND shown = 0),
    sum(solved_slug IS NULL AND ticket_id IS NULL AND incident_id IS NULL AND shown = 1 AND next_ticket_at IS NULL),
    sum(solved_slug IS NULL AND ticket_id IS NULL AND incident_id IS NOT NULL)
  FROM help_requests GROUP BY 1, 2;
