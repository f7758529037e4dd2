/*
  Warnings:

  - You are about to drop the column `status` on the `datasets` table. All the data in the column will be lost.

*/
-- AlterTable
ALTER TABLE "datasets" DROP COLUMN "status";
