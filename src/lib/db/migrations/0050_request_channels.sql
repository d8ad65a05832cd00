-- The channel a help request came through (owned by src/lib/deflection, the list in channels.ts): web
-- today; mail and incident ("I'm affected too") slot in without another migration of the reports.
ALTER TABLE help_requests ADD COLUMN channel TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'mail', 'incident'));

-- Deflection per channel and UTC hour (owned by src/lib/reports/rollups.ts), the same outcome columns
-- as request_hourly (migration 0008), kept by the same kind of triggers.
CREATE TABLE request_channel_hourly (
  hour TEXT NOT NULL,               -- YYYY-MM-DDTHH, UTC
  channel TEXT NOT NULL,
  requests INTEGER NOT NULL DEFAULT 0,
  confirmed INTEGER NOT NULL DEFAULT 0,
  ticket INTEGER NOT NULL DEFAULT 0,
  none INTEGER NOT NULL DEFAULT 0,
  candidate INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, channel)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER help_requests_channel_insert AFTER INSERT ON help_requests BEGIN
  INSERT INTO request_channel_hourly (hour, channel, requests, confirmed, ticket, none, candidate) VALUES (
    substr(NEW.started_at, 1, 13), NEW.channel, 1, NEW.solved_slug IS NOT NULL,
    NEW.solved_slug IS NULL AND (NEW.ticket_id IS NOT NULL OR (NEW.shown = 1 AND NEW.next_ticket_at IS NOT NULL)),
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.shown = 0,
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.shown = 1 AND NEW.next_ticket_at IS NULL)
  ON CONFLICT (hour, channel) DO UPDATE SET requests = requests + excluded.requests, confirmed = confirmed + excluded.confirmed,
    ticket = ticket + excluded.ticket, none = none + excluded.none, candidate = candidate + excluded.candidate;
END;

CREATE TRIGGER help_requests_channel_update AFTER UPDATE OF started_at, shown, solved_slug, ticket_id, next_ticket_at, channel ON help_requests BEGIN
  INSERT INTO request_channel_hourly (hour, channel, requests, confirmed, ticket, none, candidate) VALUES (
    substr(OLD.started_at, 1, 13), OLD.channel, -1, -(OLD.solved_slug IS NOT NULL),
    -(OLD.solved_slug IS NULL AND (OLD.ticket_id IS NOT NULL OR (OLD.shown = 1 AND OLD.next_ticket_at IS NOT NULL))),
    -(OLD.solved_slug IS NULL AND OLD.ticket_id IS NULL AND OLD.shown = 0),
    -(OLD.solved_slug IS NULL AND OLD.ticket_id IS NULL AND OLD.shown = 1 AND OLD.next_ticket_at IS NULL))
  ON CONFLICT (hour, channel) DO UPDATE SET requests = requests + excluded.requests, confirmed = confirmed + excluded.confirmed,
    ticket = ticket + excluded.ticket, none = none + excluded.none, candidate = candidate + excluded.candidate;
  INSERT INTO request_channel_hourly (hour, channel, requests, confirmed, ticket, none, candidate) VALUES (
    substr(NEW.started_at, 1, 13), NEW.channel, 1, NEW.solved_slug IS NOT NULL,
    NEW.solved_slug IS NULL AND (NEW.ticket_id IS NOT NULL OR (NEW.shown = 1 AND NEW.next_ticket_at IS NOT NULL)),
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.shown = 0,
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.shown = 1 AND NEW.next_ticket_at IS NULL)
  ON CONFLICT (hour, channel) DO UPDATE SET requests = requests + excluded.requests, confirmed = confirmed + excluded.confirmed,
    ticket = ticket + excluded.ticket, none = none + excluded.none, candidate = candidate + excluded.candidate;
END;

-- What already happened before this migration (the same statements as rebuildReportRollups()).
DELETE FROM request_channel_hourly;
INSERT INTO request_channel_hourly (hour, channel, requests, confirmed, ticket, none, candidate)
  SELECT substr(started_at, 1, 13), channel, count(*), sum(solved_slug IS NOT NULL),
    sum(solved_slug IS NULL AND (ticket_id IS NOT NULL OR (shown = 1 AND next_ticket_at IS NOT NULL))),
    sum(solved_slug IS NULL AND ticket_id IS NULL AND shown = 0),
    sum(solved_slug IS NULL AND ticket_id IS NULL AND shown = 1 AND next_ticket_at IS NULL)
  FROM help_requests GROUP BY 1, 2;
