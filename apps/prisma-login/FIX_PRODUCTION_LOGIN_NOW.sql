-- Hotfix for postmortem 002 (002_89ba75fe544c3693.txt): give the users table
-- the five Pose Generator columns that schema.prisma declares and migration
-- 20251014_add_avatar_creator_complete never created. Safe to run again:
-- every statement is IF NOT EXISTS. Types as the postmortem wrote them
-- (nullable, TIMESTAMP without precision) — not exactly what Prisma would
-- generate; the replay shows the difference.
ALTER TABLE users ADD COLUMN IF NOT EXISTS "unlimitedPoseActive" BOOLEAN DEFAULT false;
ALTER TABLE users ADD COLUMN IF NOT EXISTS "unlimitedPoseDailyQuota" INTEGER DEFAULT 100;
ALTER TABLE users ADD COLUMN IF NOT EXISTS "unlimitedPoseQuotaUsed" INTEGER DEFAULT 0;
ALTER TABLE users ADD COLUMN IF NOT EXISTS "unlimitedPoseQuotaResetAt" TIMESTAMP;
ALTER TABLE users ADD COLUMN IF NOT EXISTS "unlimitedPoseExpiresAt" TIMESTAMP;
