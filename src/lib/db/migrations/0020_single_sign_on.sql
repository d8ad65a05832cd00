-- Single sign-on with OpenID Connect (owned by src/lib/auth/sso.ts, sso-logins.ts and users.ts; see
-- docs/decisions/020-single-sign-on.md).

-- The provider's account behind a Fixpoint account: one identity per account, one account per identity.
CREATE TABLE user_identities (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,         -- the ID token's sub: stable at the provider, unlike the e-mail
  email TEXT,                    -- as the provider last said it
  groups TEXT,                   -- JSON array of the groups claim at the last sign-in
  linked_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  linked_how TEXT NOT NULL CHECK (linked_how IN ('created', 'linked')),
  UNIQUE (issuer, subject)
) STRICT;

-- How and when each account last signed in; break-glass accounts keep their password under SSO_ONLY.
-- password_hash '!' means "no password": such an account signs in only through the provider.
ALTER TABLE users ADD COLUMN last_sign_in_at TEXT;
ALTER TABLE users ADD COLUMN last_sign_in_method TEXT CHECK (last_sign_in_method IN ('password', 'sso'));
ALTER TABLE users ADD COLUMN break_glass INTEGER NOT NULL DEFAULT 0 CHECK (break_glass IN (0, 1));
ALTER TABLE users ADD COLUMN locale TEXT;

-- A session opened through the provider lasts at most OIDC_SESSION_HOURS (absolute_expires_at) and
-- keeps its ID token for RP-initiated logout (id_token_hint).
ALTER TABLE sessions ADD COLUMN method TEXT NOT NULL DEFAULT 'password' CHECK (method IN ('password', 'sso'));
ALTER TABLE sessions ADD COLUMN id_token TEXT;

-- A sign-in under way at the provider: what the callback must match. id is the SHA-256 of the random
-- value in the browser's short-lived cookie; the row is used once (used_at) and pruned after expiry.
CREATE TABLE sso_logins (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  next_path TEXT NOT NULL,
  created_at INTEGER NOT NULL,   -- ms since epoch
  expires_at INTEGER NOT NULL,   -- ms
  used_at INTEGER                -- ms; a second callback with the same state is a replay
) STRICT, WITHOUT ROWID;
CREATE INDEX sso_logins_expires ON sso_logins (expires_at);
