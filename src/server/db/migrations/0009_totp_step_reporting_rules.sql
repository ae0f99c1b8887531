ALTER TABLE "credentials" ADD COLUMN "totp_last_step" bigint;--> statement-breakpoint
ALTER TABLE "jurisdiction_settings" ADD COLUMN "weekly_due_weekday" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "jurisdiction_settings" ADD COLUMN "report_cutoff" text DEFAULT '17:00' NOT NULL;--> statement-breakpoint
ALTER TABLE "jurisdiction_settings" ADD COLUMN "monthly_due_day" integer DEFAULT 0 NOT NULL;