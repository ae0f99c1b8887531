CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"serial" integer NOT NULL,
	"source" text NOT NULL,
	"source_title" text,
	"found_on" date NOT NULL,
	"problem" text NOT NULL,
	"severity" text DEFAULT 'general' NOT NULL,
	"measures" text NOT NULL,
	"responsible" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_id_supervised_items_id_fk" FOREIGN KEY ("id") REFERENCES "public"."supervised_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "findings_jurisdiction_idx" ON "findings" USING btree ("jurisdiction_id","serial");