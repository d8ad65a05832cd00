-- Ticket search for agents (owned by src/lib/tickets/search.ts): one row per ticket (rowid = ticket id)
-- with its subject, description and the text of its replies and internal notes, kept by triggers so
-- every writer of tickets and events (the portal, mail, imports, the demo) keeps it current.
CREATE VIRTUAL TABLE tickets_fts USING fts5(
  subject, description, conversation,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO tickets_fts (rowid, subject, description, conversation)
  SELECT t.id, t.subject, t.description,
    coalesce((SELECT group_concat(e.body, char(10)) FROM ticket_events e
      WHERE e.ticket_id = t.id AND e.type IN ('reply', 'note') AND e.body IS NOT NULL), '')
  FROM tickets t;

CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO tickets_fts (rowid, subject, description, conversation) VALUES (new.id, new.subject, new.description, '');
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF subject, description ON tickets BEGIN
  UPDATE tickets_fts SET subject = new.subject, description = new.description WHERE rowid = new.id;
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM tickets_fts WHERE rowid = old.id;
END;
CREATE TRIGGER tickets_fts_message AFTER INSERT ON ticket_events
  WHEN new.type IN ('reply', 'note') AND new.body IS NOT NULL BEGIN
  UPDATE tickets_fts SET conversation = conversation || char(10) || new.body WHERE rowid = new.ticket_id;
END;
