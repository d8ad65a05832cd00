-- Facts the manager reports need at 200,000 requests within 300 ms (owned by src/lib/reports/rollups.ts).
-- Kept up to date by triggers, so every writer (the app, demo:generate, an import) keeps them right.

-- Per request: was an article opened, and when did the same person next file a ticket within 24 h.
ALTER TABLE help_requests ADD COLUMN opened INTEGER NOT NULL DEFAULT 0;
ALTER TABLE help_requests ADD COLUMN next_ticket_at TEXT;
-- The content-gap report reads only requests that found nothing or whose suggestions nobody opened.
-- Covering (every column the query reads), so the rows themselves are never fetched.
CREATE INDEX help_requests_gaps ON help_requests (started_at, final_query, result_count, ticket_id, opened, solved_slug) WHERE solved_slug IS NULL AND final_query <> '' AND (result_count = 0 OR opened = 0);
-- Requests younger than the 24 h window are classified from their rows ("open" depends on the clock).
CREATE INDEX help_requests_recent ON help_requests (started_at, shown, solved_slug, ticket_id, next_ticket_at);
-- Covering: the queue-health report counts status changes, escalations and resolvers without touching rows.
CREATE INDEX ticket_events_report ON ticket_events (type, to_value, at, from_value, actor_id, ticket_id);
CREATE INDEX article_feedback_at ON article_feedback (at, slug, helpful);
-- Recurring problems group the period's tickets by category and subject.
CREATE INDEX tickets_created_topic ON tickets (created_at, category, subject);
CREATE INDEX ticket_articles_at ON ticket_articles (at, slug);

-- Per UTC hour of the request's start: the funnel and each request's outcome as far as it does not
-- depend on the clock ("candidate" = shown, no "solved", no ticket: potential once its 24 h have passed).
CREATE TABLE request_hourly (
  hour TEXT PRIMARY KEY,            -- YYYY-MM-DDTHH, UTC
  requests INTEGER NOT NULL DEFAULT 0,
  shown INTEGER NOT NULL DEFAULT 0,
  opened INTEGER NOT NULL DEFAULT 0,
  solved INTEGER NOT NULL DEFAULT 0,
  from_request INTEGER NOT NULL DEFAULT 0,
  confirmed INTEGER NOT NULL DEFAULT 0,
  ticket INTEGER NOT NULL DEFAULT 0,
  none INTEGER NOT NULL DEFAULT 0,
  candidate INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- Per article and UTC hour: suggested, opened from a suggestion, "solved" clicks, tickets filed from a
-- request in which it was opened (counted at the hour it was opened).
CREATE TABLE article_hourly (
  hour TEXT NOT NULL,               -- YYYY-MM-DDTHH, UTC
  slug TEXT NOT NULL,
  suggested INTEGER NOT NULL DEFAULT 0,
  opened INTEGER NOT NULL DEFAULT 0,
  solved INTEGER NOT NULL DEFAULT 0,
  tickets_after_open INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, slug)           -- read for the few partial-day hours at a period's edges
) STRICT, WITHOUT ROWID;
-- The same per UTC day: a period reads whole days here and only its partial first and last day hourly.
CREATE TABLE article_daily (
  slug TEXT NOT NULL,
  day TEXT NOT NULL,                -- YYYY-MM-DD, UTC
  suggested INTEGER NOT NULL DEFAULT 0,
  opened INTEGER NOT NULL DEFAULT 0,
  solved INTEGER NOT NULL DEFAULT 0,
  tickets_after_open INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (slug, day)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER help_request_events_rollup AFTER INSERT ON help_request_events
WHEN NEW.slug IS NOT NULL AND NEW.type IN ('suggestions_shown', 'article_opened', 'solved')
BEGIN
  INSERT INTO article_hourly (hour, slug, suggested, opened, solved)
    VALUES (substr(NEW.at, 1, 13), NEW.slug, NEW.type = 'suggestions_shown', NEW.type = 'article_opened', NEW.type = 'solved')
    ON CONFLICT (hour, slug) DO UPDATE SET suggested = suggested + excluded.suggested, opened = opened + excluded.opened, solved = solved + excluded.solved;
  INSERT INTO article_daily (day, slug, suggested, opened, solved)
    VALUES (substr(NEW.at, 1, 10), NEW.slug, NEW.type = 'suggestions_shown', NEW.type = 'article_opened', NEW.type = 'solved')
    ON CONFLICT (slug, day) DO UPDATE SET suggested = suggested + excluded.suggested, opened = opened + excluded.opened, solved = solved + excluded.solved;
  UPDATE help_requests SET opened = 1 WHERE NEW.type = 'article_opened' AND id = NEW.request_id AND opened = 0;
END;

CREATE TRIGGER help_requests_ticket_rollup AFTER UPDATE OF ticket_id ON help_requests
WHEN OLD.ticket_id IS NULL AND NEW.ticket_id IS NOT NULL
BEGIN
  INSERT INTO article_hourly (hour, slug, tickets_after_open)
    SELECT substr(min(at), 1, 13), slug, 1 FROM help_request_events WHERE request_id = NEW.id AND type = 'article_opened' GROUP BY slug
    ON CONFLICT (hour, slug) DO UPDATE SET tickets_after_open = tickets_after_open + 1;
  INSERT INTO article_daily (day, slug, tickets_after_open)
    SELECT substr(min(at), 1, 10), slug, 1 FROM help_request_events WHERE request_id = NEW.id AND type = 'article_opened' GROUP BY slug
    ON CONFLICT (slug, day) DO UPDATE SET tickets_after_open = tickets_after_open + 1;
END;

-- A request written after a ticket of the same person (rows arriving out of order) looks for it itself.
CREATE TRIGGER help_requests_next_ticket AFTER INSERT ON help_requests
WHEN EXISTS (SELECT 1 FROM tickets t WHERE t.requester_id = NEW.user_id AND t.created_at >= NEW.started_at AND t.created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', NEW.started_at, '+1 day'))
BEGIN
  UPDATE help_requests SET next_ticket_at = (SELECT min(t.created_at) FROM tickets t WHERE t.requester_id = NEW.user_id
    AND t.created_at >= NEW.started_at AND t.created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', NEW.started_at, '+1 day')) WHERE id = NEW.id;
END;

CREATE TRIGGER tickets_next_ticket AFTER INSERT ON tickets
BEGIN
  UPDATE help_requests SET next_ticket_at = NEW.created_at
    WHERE user_id = NEW.requester_id AND next_ticket_at IS NULL
      AND started_at <= NEW.created_at AND started_at >= strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at, '-1 day');
END;


-- A request's contribution to request_hourly: added when it is written, moved when it changes.
CREATE TRIGGER help_requests_hourly_insert AFTER INSERT ON help_requests BEGIN
  INSERT INTO request_hourly (hour, requests, shown, opened, solved, from_request, confirmed, ticket, none, candidate) VALUES (
    substr(NEW.started_at, 1, 13), 1, NEW.shown, NEW.opened, NEW.solved_slug IS NOT NULL, NEW.ticket_id IS NOT NULL, NEW.solved_slug IS NOT NULL,
    NEW.solved_slug IS NULL AND (NEW.ticket_id IS NOT NULL OR (NEW.shown = 1 AND NEW.next_ticket_at IS NOT NULL)),
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.shown = 0,
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.shown = 1 AND NEW.next_ticket_at IS NULL)
  ON CONFLICT (hour) DO UPDATE SET requests = requests + excluded.requests, shown = shown + excluded.shown, opened = opened + excluded.opened, solved = solved + excluded.solved,
    from_request = from_request + excluded.from_request, confirmed = confirmed + excluded.confirmed, ticket = ticket + excluded.ticket, none = none + excluded.none, candidate = candidate + excluded.candidate;
END;

CREATE TRIGGER help_requests_hourly_update AFTER UPDATE OF started_at, shown, opened, solved_slug, ticket_id, next_ticket_at ON help_requests BEGIN
  INSERT INTO request_hourly (hour, requests, shown, opened, solved, from_request, confirmed, ticket, none, candidate) VALUES (
    substr(OLD.started_at, 1, 13), -1, -OLD.shown, -OLD.opened, -(OLD.solved_slug IS NOT NULL), -(OLD.ticket_id IS NOT NULL), -(OLD.solved_slug IS NOT NULL),
    -(OLD.solved_slug IS NULL AND (OLD.ticket_id IS NOT NULL OR (OLD.shown = 1 AND OLD.next_ticket_at IS NOT NULL))),
    -(OLD.solved_slug IS NULL AND OLD.ticket_id IS NULL AND OLD.shown = 0),
    -(OLD.solved_slug IS NULL AND OLD.ticket_id IS NULL AND OLD.shown = 1 AND OLD.next_ticket_at IS NULL))
  ON CONFLICT (hour) DO UPDATE SET requests = requests + excluded.requests, shown = shown + excluded.shown, opened = opened + excluded.opened, solved = solved + excluded.solved,
    from_request = from_request + excluded.from_request, confirmed = confirmed + excluded.confirmed, ticket = ticket + excluded.ticket, none = none + excluded.none, candidate = candidate + excluded.candidate;
  INSERT INTO request_hourly (hour, requests, shown, opened, solved, from_request, confirmed, ticket, none, candidate) VALUES (
    substr(NEW.started_at, 1, 13), 1, NEW.shown, NEW.opened, NEW.solved_slug IS NOT NULL, NEW.ticket_id IS NOT NULL, NEW.solved_slug IS NOT NULL,
    NEW.solved_slug IS NULL AND (NEW.ticket_id IS NOT NULL OR (NEW.shown = 1 AND NEW.next_ticket_at IS NOT NULL)),
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.shown = 0,
    NEW.solved_slug IS NULL AND NEW.ticket_id IS NULL AND NEW.shown = 1 AND NEW.next_ticket_at IS NULL)
  ON CONFLICT (hour) DO UPDATE SET requests = requests + excluded.requests, shown = shown + excluded.shown, opened = opened + excluded.opened, solved = solved + excluded.solved,
    from_request = from_request + excluded.from_request, confirmed = confirmed + excluded.confirmed, ticket = ticket + excluded.ticket, none = none + excluded.none, candidate = candidate + excluded.candidate;
END;

-- What already happened before this migration (the same statements as rebuildReportRollups()).
UPDATE help_requests SET opened = EXISTS (SELECT 1 FROM help_request_events e WHERE e.request_id = help_requests.id AND e.type = 'article_opened');
UPDATE help_requests SET next_ticket_at = (SELECT min(t.created_at) FROM tickets t WHERE t.requester_id = help_requests.user_id
  AND t.created_at >= help_requests.started_at AND t.created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', help_requests.started_at, '+1 day'));
INSERT INTO article_hourly (hour, slug, suggested, opened, solved)
  SELECT substr(at, 1, 13), slug, sum(type = 'suggestions_shown'), sum(type = 'article_opened'), sum(type = 'solved') FROM help_request_events
  WHERE slug IS NOT NULL AND type IN ('suggestions_shown', 'article_opened', 'solved') GROUP BY 1, 2;
INSERT INTO article_hourly (hour, slug, tickets_after_open)
  SELECT hour, slug, count(*) FROM (SELECT substr(min(e.at), 1, 13) AS hour, e.slug FROM help_request_events e JOIN help_requests r ON r.id = e.request_id
    WHERE e.type = 'article_opened' AND r.ticket_id IS NOT NULL GROUP BY e.request_id, e.slug) WHERE true GROUP BY 1, 2
  ON CONFLICT (hour, slug) DO UPDATE SET tickets_after_open = excluded.tickets_after_open;
DELETE FROM article_daily;
INSERT INTO article_daily (day, slug, suggested, opened, solved, tickets_after_open)
  SELECT substr(hour, 1, 10), slug, sum(suggested), sum(opened), sum(solved), sum(tickets_after_open) FROM article_hourly GROUP BY 1, 2;
DELETE FROM request_hourly;
INSERT INTO request_hourly (hour, requests, shown, opened, solved, from_request, confirmed, ticket, none, candidate)
  SELECT substr(started_at, 1, 13), count(*), sum(shown), sum(opened), sum(solved_slug IS NOT NULL), sum(ticket_id IS NOT NULL), sum(solved_slug IS NOT NULL),
    sum(solved_slug IS NULL AND (ticket_id IS NOT NULL OR (shown = 1 AND next_ticket_at IS NOT NULL))),
    sum(solved_slug IS NULL AND ticket_id IS NULL AND shown = 0),
    sum(solved_slug IS NULL AND ticket_id IS NULL AND shown = 1 AND next_ticket_at IS NULL)
  FROM help_requests GROUP BY 1;
