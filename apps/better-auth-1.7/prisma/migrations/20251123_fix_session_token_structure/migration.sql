-- The migration postmortem 003_7bbeb936609481b9.txt shipped as its fix, in the
-- three moves it lists: empty the session table, remove the `token` column,
-- and take the default off `id` so the session token can be stored there.
-- (Prisma's @default(uuid()) is filled in by Prisma Client, not by the
-- database, so the last statement changes nothing in PostgreSQL.)

-- Every existing session goes: all users sign in again.
TRUNCATE TABLE "session";

-- DropIndex
DROP INDEX "session_token_key";

-- AlterTable
ALTER TABLE "session" DROP COLUMN "token";

-- AlterTable
ALTER TABLE "session" ALTER COLUMN "id" DROP DEFAULT;
