-- The person's time zone as their browser last said it (owned by src/lib/auth/users.ts): mail and
-- reports show times in it. users.locale (migration 0020) is their language, once they chose one.
ALTER TABLE users ADD COLUMN time_zone TEXT;
