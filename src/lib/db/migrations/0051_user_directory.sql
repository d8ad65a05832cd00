-- Admin at the size of a company (owned by src/lib/auth/users.ts and audit.ts).
-- How an account signs in is not stored: an account linked to an identity at the provider
-- (user_identities, migration 0020) signs in there, the others with a password (users.ts).
-- The accounts list sorts by name; the filters read role, tier, status and method from these.
CREATE INDEX users_display_name ON users (display_name COLLATE NOCASE, id);
CREATE INDEX user_roles_role ON user_roles (role, user_id);
-- The audit log filters by action, newest first; the actor is in the index so "action and part of
-- the actor" reads no rows.
CREATE INDEX audit_log_action ON audit_log (action, id, actor);
