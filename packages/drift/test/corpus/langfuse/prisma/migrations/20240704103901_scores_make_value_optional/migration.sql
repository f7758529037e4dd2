-- AlterTable
ALTER TABLE "scores" ALTER COLUMN "value" DROP NOT NULL;
