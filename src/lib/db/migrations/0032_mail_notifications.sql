-- Notifications by mail (owned by src/lib/mail/notification-mail.ts and src/lib/mail/links.ts).

-- The key that signs links in mail (unsubscribe, "this solved it"): made once, here, so every process
-- and every restart agrees on it; a restored backup keeps old links working.
CREATE TABLE mail_keys (
  name TEXT PRIMARY KEY,
  secret TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO mail_keys (name, secret) VALUES ('links', lower(hex(randomblob(32))));

-- How far the mail notifier has read the notifications table. Queuing the mails of a batch and moving
-- the cursor past it happen in one transaction: each notification is mailed once, none is skipped.
-- It starts at the newest notification: history from before this migration is not mailed.
CREATE TABLE mail_notification_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_notification_id INTEGER NOT NULL
) STRICT;
INSERT INTO mail_notification_cursor (id, last_notification_id)
  VALUES (1, (SELECT coalesce(max(id), 0) FROM notifications));

-- Kinds of notification a person does not want by mail (the bell keeps them all). No row: mailed.
CREATE TABLE mail_opt_outs (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (user_id, kind)
) STRICT, WITHOUT ROWID;
