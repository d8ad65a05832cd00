-- Password reset by e-mail (owned by src/lib/auth/password-reset.ts). Only the SHA-256 of a token is
-- kept: a copy of the database cannot reset anyone's password. A token works once, for 30 minutes.
CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,   -- ms since epoch
  expires_at INTEGER NOT NULL,   -- ms since epoch
  used_at INTEGER                -- ms since epoch; a used token never works again
) STRICT, WITHOUT ROWID;
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Every reset request, for existing addresses or not, so requests can be limited per typed address and
-- per client address without telling which addresses have accounts. Pruned after a day.
CREATE TABLE password_reset_requests (
  id INTEGER PRIMARY KEY,
  account TEXT NOT NULL,         -- the lower-cased typed email
  address TEXT NOT NULL,         -- the client's address as the sign-in throttle counts it
  at INTEGER NOT NULL            -- ms since epoch
) STRICT;
CREATE INDEX password_reset_requests_account ON password_reset_requests (account, at);
CREATE INDEX password_reset_requests_address ON password_reset_requests (address, at);
