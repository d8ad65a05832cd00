-- Outgoing mail (owned by src/lib/mail/outbox.ts). Every message is written here first, in the same
-- transaction as whatever caused it, and sent by the start process's drain: an SMTP server that is
-- down delays mail (retried with backoff), it never loses it. Sent rows are kept 30 days for /admin/mail.
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,                      -- what it is about (password_reset, notification kinds, ...)
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT,
  headers TEXT NOT NULL DEFAULT '{}',      -- JSON object of extra headers (List-Unsubscribe, In-Reply-To)
  message_id TEXT NOT NULL UNIQUE,         -- fixed when queued: a resend after a crash carries the same id
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
) STRICT;
-- The drain asks for due queued rows; /admin/mail for failures and the newest rows.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX mail_outbox_status ON mail_outbox (status, id);
