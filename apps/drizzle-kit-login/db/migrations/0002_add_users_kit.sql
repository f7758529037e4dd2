ALTER TABLE "users" ADD COLUMN "kit" text;
