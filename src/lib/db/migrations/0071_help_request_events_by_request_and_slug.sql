-- Each suggestion answer looks up the request's own row for every article it shows (request, type and
-- slug). With an index on (request_id, type) only, SQLite chose the one on (slug, type) for that: it read
-- every time an article was ever shown, in any request, so each answer cost more as the desk grew. With
-- slug in the request's index, the lookup reads one row.
DROP INDEX help_request_events_request;
CREATE INDEX help_request_events_request ON help_request_events (request_id, type, slug);
