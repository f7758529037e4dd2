ALTER TABLE users ADD COLUMN image text;
