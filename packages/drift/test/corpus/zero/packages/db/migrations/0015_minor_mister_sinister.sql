ALTER TABLE "mail0_session" ADD COLUMN "ip_address" text;--> statement-breakpoint
ALTER TABLE "mail0_session" ADD COLUMN "user_agent" text;