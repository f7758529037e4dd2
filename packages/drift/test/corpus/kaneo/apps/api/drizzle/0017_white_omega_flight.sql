ALTER TABLE "task" ADD COLUMN IF NOT EXISTS "start_date" timestamp;
