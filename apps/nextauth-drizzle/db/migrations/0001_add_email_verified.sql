ALTER TABLE users ADD COLUMN email_verified timestamptz;
