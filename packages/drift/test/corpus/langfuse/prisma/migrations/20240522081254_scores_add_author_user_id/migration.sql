-- AlterTable
ALTER TABLE "scores" ADD COLUMN     "author_user_id" TEXT;
