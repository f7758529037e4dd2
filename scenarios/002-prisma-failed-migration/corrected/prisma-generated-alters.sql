-- What Prisma itself writes for the five fields: the output of
-- `prisma migrate diff --from-schema-datamodel <db pull of the broken database>
--  --to-schema-datamodel prisma/schema.prisma --script` (the SQL `prisma migrate dev`
-- would have put in a migration). NOT NULL where the field is required,
-- TIMESTAMP(3) for DateTime.
-- AlterTable
ALTER TABLE "users" ADD COLUMN     "unlimitedPoseActive" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "unlimitedPoseDailyQuota" INTEGER NOT NULL DEFAULT 100,
ADD COLUMN     "unlimitedPoseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "unlimitedPoseQuotaResetAt" TIMESTAMP(3),
ADD COLUMN     "unlimitedPoseQuotaUsed" INTEGER NOT NULL DEFAULT 0;

