ALTER TABLE "indicator_counties" ADD COLUMN "kind" text DEFAULT 'county' NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_counties" ADD COLUMN "unit_id" uuid;