-- Migration: Add Session Versioning for Session Invalidation
ALTER TABLE users
ADD COLUMN IF NOT EXISTS session_version INTEGER DEFAULT 1 NOT NULL;

CREATE INDEX IF NOT EXISTS idx_users_session_version ON users(id, session_version);

UPDATE users SET session_version = 1 WHERE session_version IS NULL;
