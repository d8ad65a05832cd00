-- Signed mail links that work once ("This solved it" in an acknowledgement; owned by src/lib/mail/links.ts).
-- A link is known by its signature (the token's last part): using it inserts the row, in the same
-- transaction as what the link does, so a second click (or a second process) finds it and does nothing.
CREATE TABLE mail_used_links (
  signature TEXT PRIMARY KEY,
  purpose TEXT NOT NULL,
  used_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
