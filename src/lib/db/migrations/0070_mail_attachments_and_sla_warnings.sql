-- Files sent with a queued mail (an agent's reply with its attachments; owned by src/lib/mail/outbox.ts):
-- a JSON list of {fileName, mediaType, storedName}, read from the attachments folder when it is sent.
ALTER TABLE mail_outbox ADD COLUMN attachments TEXT;

-- SLA warnings already given (owned by src/lib/tickets/workflow.ts, warnSlaAboutToBreach): once per ticket and target, so
-- a periodic check that runs again, or in two processes, warns once.
CREATE TABLE sla_warnings (
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  target TEXT NOT NULL CHECK (target IN ('first_response', 'resolution')),
  at TEXT NOT NULL,
  PRIMARY KEY (ticket_id, target)
) STRICT, WITHOUT ROWID;
