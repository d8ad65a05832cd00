-- Sign-in throttling without lock-outs, and an audit log that coalesces repeated failures and can be
-- pruned after its retention period (owned by src/lib/auth/throttle.ts and src/lib/auth/audit.ts;
-- see docs/decisions/009-throttling-and-audit-retention.md).

-- Counters are short-lived (minutes): the old shape's rows are dropped, not converted.
DROP TABLE login_throttle;
-- Failed sign-ins per key: "pair:<address> <email>", "address:<address>" or "account:<email>".
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL,        -- ms since epoch; the count restarts after a quiet window
  locked_until INTEGER NOT NULL DEFAULT 0, -- ms; a lock (pair, address) or a delay (account)
  expires_at INTEGER NOT NULL              -- ms; past both the window and the lock: deleted
) STRICT, WITHOUT ROWID;
CREATE INDEX login_throttle_expires ON login_throttle (expires_at);

-- Addresses an account signed in from (IPv6 by /64): they skip the account's delays.
CREATE TABLE sign_in_known_addresses (
  account TEXT NOT NULL,          -- the lower-cased email
  address TEXT NOT NULL,
  last_success_at INTEGER NOT NULL, -- ms since epoch
  PRIMARY KEY (account, address)
) STRICT, WITHOUT ROWID;
CREATE INDEX sign_in_known_addresses_last ON sign_in_known_addresses (last_success_at);
