-- An address that bounced (a delivery status notification with a 5.x.x status; owned by
-- src/lib/auth/users.ts, written by src/lib/mail/bounces.ts). The address is kept with the mark: the mark
-- counts only while it is still the account's address, so a changed address is mailed again.
ALTER TABLE users ADD COLUMN mail_failing_address TEXT;
ALTER TABLE users ADD COLUMN mail_failing_since TEXT;
ALTER TABLE users ADD COLUMN mail_failing_reason TEXT;
