ALTER TABLE "organizations"
  ADD COLUMN "sfdc_org_id" TEXT;
