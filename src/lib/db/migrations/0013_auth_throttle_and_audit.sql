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

-- Repeated failures from one source within one minute are one row with a count. bucket names the
-- source and the minute ("<minute> <action> <address> <actor>"); NULL for entries that never coalesce.
ALTER TABLE audit_log ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN bucket TEXT;
CREATE UNIQUE INDEX audit_log_bucket ON audit_log (bucket) WHERE bucket IS NOT NULL;

-- Still append-only; the one change allowed is adding one to the count of a coalesced row.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (
  OLD.bucket IS NOT NULL AND NEW.bucket IS OLD.bucket AND NEW.count = OLD.count + 1
  AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor AND NEW.action IS OLD.action
  AND NEW.target IS OLD.target AND NEW.address IS OLD.address AND NEW.detail IS OLD.detail
)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Every prune, itself append-only: which rows left (older than before, ids up to through_id), how many,
-- and the archive file (relative to DATA_DIR) they were written to before they were deleted.
CREATE TABLE audit_log_prunes (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  before TEXT NOT NULL,
  through_id INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  archive TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_prunes_no_update BEFORE UPDATE ON audit_log_prunes BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_prunes_no_delete BEFORE DELETE ON audit_log_prunes BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- A row may be deleted only when a prune record covers it: the one path is pruneAuditLog(), which
-- archives the rows first and records the prune in the same transaction as the delete.
DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_log_prunes p WHERE OLD.id <= p.through_id AND OLD.at < p.before)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: only pruneAuditLog() removes rows, after archiving them'); END;
