-- AlterTable
ALTER TABLE "dataset_items" ADD COLUMN "valid_to" TIMESTAMP(3);
