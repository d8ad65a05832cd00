-- SLA calendars (owned by src/lib/tickets/sla.ts): business hours per weekday with breaks, holidays,
-- one default calendar and optionally one per SLA target. Due times are recomputed from the ticket's
-- own timeline whenever a calendar, a target, the priority or the status changes (decision 040).
CREATE TABLE sla_calendars (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  time_zone TEXT NOT NULL,           -- IANA zone, e.g. Europe/Berlin
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  ical_url TEXT,                     -- where holidays are imported from, when an admin set one
  ical_imported_at TEXT,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX sla_calendars_one_default ON sla_calendars (is_default) WHERE is_default = 1;

-- Working windows: several per weekday make breaks (08:00-12:00 and 13:00-17:00).
CREATE TABLE sla_calendar_hours (
  calendar_id INTEGER NOT NULL REFERENCES sla_calendars (id) ON DELETE CASCADE,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),       -- 0 = Sunday, as Date#getDay
  start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
  CHECK (end_minute > start_minute),
  PRIMARY KEY (calendar_id, weekday, start_minute)
) STRICT;

CREATE TABLE sla_calendar_holidays (
  calendar_id INTEGER NOT NULL REFERENCES sla_calendars (id) ON DELETE CASCADE,
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),  -- local date
  name TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'ical')),
  PRIMARY KEY (calendar_id, date)
) STRICT;

INSERT INTO sla_calendars (id, name, time_zone, is_default, updated_at)
  VALUES (1, 'Office hours', 'Europe/Berlin', 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
INSERT INTO sla_calendar_hours (calendar_id, weekday, start_minute, end_minute)
  SELECT 1, d.value, w.s, w.e FROM json_each('[1,2,3,4,5]') d, (SELECT 480 AS s, 720 AS e UNION ALL SELECT 780, 1020) w;

-- A target counts business hours of its calendar (null: the default one) or calendar time (24x7).
-- Existing targets keep counting calendar time, so no due time of an existing ticket moves on upgrade.
ALTER TABLE sla_targets ADD COLUMN clock TEXT NOT NULL DEFAULT 'calendar' CHECK (clock IN ('calendar', 'business'));
ALTER TABLE sla_targets ADD COLUMN calendar_id INTEGER REFERENCES sla_calendars (id) ON DELETE SET NULL;

-- When a target turns amber (75 % of its counted minutes used), stored beside the due time.
ALTER TABLE tickets ADD COLUMN first_response_warn_at TEXT;
ALTER TABLE tickets ADD COLUMN resolution_warn_at TEXT;
