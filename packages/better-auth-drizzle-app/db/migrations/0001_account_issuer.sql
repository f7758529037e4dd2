-- Better Auth 1.7.0: account.issuer, required, backfilled the way 1.7.0 names issuers
-- (createLocalAccountIssuer / createOAuthAccountIssuer of @better-auth/core): email + password
-- accounts are 'local:credential', OAuth accounts 'local:oauth:<provider>'.
ALTER TABLE "account" ADD COLUMN "issuer" text;--> statement-breakpoint
UPDATE "account" SET "issuer" = CASE WHEN "provider_id" = 'credential' THEN 'local:credential' ELSE 'local:oauth:' || "provider_id" END;--> statement-breakpoint
ALTER TABLE "account" ALTER COLUMN "issuer" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "account_issuer_accountId_uidx" ON "account" USING btree ("issuer","account_id");
