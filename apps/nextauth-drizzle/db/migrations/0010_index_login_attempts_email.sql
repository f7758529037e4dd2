CREATE INDEX login_attempts_email_created_at_idx ON login_attempts (email, created_at);
