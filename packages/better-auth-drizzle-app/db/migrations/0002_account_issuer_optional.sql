-- Better Auth 1.7.3 no longer writes account.issuer: keep the column and its values, drop NOT NULL.
ALTER TABLE "account" ALTER COLUMN "issuer" DROP NOT NULL;
