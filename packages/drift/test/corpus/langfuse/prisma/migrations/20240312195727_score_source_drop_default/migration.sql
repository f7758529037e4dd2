-- AlterTable
ALTER TABLE "scores" ALTER COLUMN "source" DROP DEFAULT;
