CREATE TABLE "lead_stall_days" (
	"jurisdiction_id" uuid PRIMARY KEY NOT NULL,
	"days" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	"caption" text DEFAULT '' NOT NULL,
	"added_by" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "site_photos" ADD CONSTRAINT "site_photos_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "site_photos_site_idx" ON "site_photos" USING btree ("site_id","added_at");--> statement-breakpoint
CREATE UNIQUE INDEX "site_photos_attachment_uq" ON "site_photos" USING btree ("attachment_id");--> statement-breakpoint
CREATE INDEX "sites_match_idx" ON "sites" USING btree ("jurisdiction_id","kind","area","id") WHERE "sites"."state" <> 'revitalised';