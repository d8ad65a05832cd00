-- Second ranking for suggestions (owned by src/lib/search/fts.ts): rebuilt from content at start.
CREATE VIRTUAL TABLE articles_fts USING fts5(
  slug UNINDEXED, type UNINDEXED, status UNINDEXED, audience UNINDEXED,
  title, tags, summary, headings, body,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Help requests and what happened in them (owned by src/lib/deflection/requests.ts).
CREATE TABLE help_requests (
  id TEXT PRIMARY KEY,                 -- random id created by the /help page
  user_id INTEGER NOT NULL REFERENCES users (id),
  started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  draft TEXT NOT NULL DEFAULT '',      -- subject, newline, description: restored when "No" sends them back
  final_query TEXT NOT NULL DEFAULT '',
  result_count INTEGER NOT NULL DEFAULT 0,
  shown INTEGER NOT NULL DEFAULT 0,    -- 1 once at least one suggestion was shown
  solved_slug TEXT,
  solved_at TEXT,
  ticket_id INTEGER
) STRICT;
CREATE INDEX help_requests_user_started ON help_requests (user_id, started_at);
CREATE INDEX help_requests_started ON help_requests (started_at);

CREATE TABLE help_request_events (
  id INTEGER PRIMARY KEY,
  request_id TEXT NOT NULL REFERENCES help_requests (id),
  at TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('suggestions_shown', 'article_opened', 'solved', 'not_solved', 'ticket_filed')),
  slug TEXT,
  rank INTEGER,
  query TEXT
) STRICT;
CREATE INDEX help_request_events_request ON help_request_events (request_id, type);
CREATE INDEX help_request_events_slug ON help_request_events (slug, type);

-- "Was this helpful?" on article pages (owned by src/lib/deflection/feedback.ts).
CREATE TABLE article_feedback (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users (id),
  helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  comment TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX article_feedback_slug ON article_feedback (slug);

-- The queue (owned by src/lib/tickets/tickets.ts).
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  number INTEGER NOT NULL UNIQUE,      -- shown as T-<number>
  requester_id INTEGER NOT NULL REFERENCES users (id),
  subject TEXT NOT NULL,
  description TEXT NOT NULL,
  category TEXT,
  impact TEXT NOT NULL CHECK (impact IN ('organisation', 'department', 'several', 'one')),
  urgency TEXT NOT NULL CHECK (urgency IN ('high', 'medium', 'low')),
  priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'pending', 'resolved', 'closed')),
  channel TEXT NOT NULL DEFAULT 'web',
  request_id TEXT REFERENCES help_requests (id),
  idempotency_key TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (requester_id, idempotency_key)
) STRICT;
CREATE INDEX tickets_requester ON tickets (requester_id, created_at);

-- What the employee saw before filing: agents start from what was already tried.
CREATE TABLE ticket_tried_articles (
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  slug TEXT NOT NULL,
  best_rank INTEGER,
  opened INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ticket_id, slug)
) STRICT, WITHOUT ROWID;
