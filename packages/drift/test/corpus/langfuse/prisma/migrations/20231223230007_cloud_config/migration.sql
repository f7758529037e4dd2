-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "cloud_config" JSONB;
