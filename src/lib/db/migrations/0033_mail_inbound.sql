-- Every inbound message Fixpoint has handled (owned by src/lib/mail/inbound.ts), written in the same
-- transaction as the ticket or reply it made: a message delivered twice (a retry after a crash, an
-- IMAP move that did not happen) finds its Message-ID here and changes nothing the second time.
CREATE TABLE mail_inbound (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,
  from_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  received_at TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('ticket', 'reply', 'ignored', 'refused', 'limited')),
  reason TEXT,                               -- why it was ignored or refused, for /admin/mail
  ticket_id INTEGER REFERENCES tickets (id),
  answered INTEGER NOT NULL DEFAULT 0 CHECK (answered IN (0, 1))  -- an acknowledgement or refusal was queued
) STRICT;
CREATE INDEX mail_inbound_sender ON mail_inbound (from_address, received_at);
