CREATE TABLE "project_publications" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"fields" text[] DEFAULT '{}' NOT NULL,
	"description" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publication_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	"caption" text DEFAULT '' NOT NULL,
	"published" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"added_by" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_publications" ADD CONSTRAINT "project_publications_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_photos" ADD CONSTRAINT "publication_photos_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_photos" ADD CONSTRAINT "publication_photos_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_publications_jurisdiction_idx" ON "project_publications" USING btree ("jurisdiction_id","published");--> statement-breakpoint
CREATE INDEX "publication_photos_project_idx" ON "publication_photos" USING btree ("project_id","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "publication_photos_attachment_uq" ON "publication_photos" USING btree ("project_id","attachment_id");