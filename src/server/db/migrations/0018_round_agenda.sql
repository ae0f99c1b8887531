CREATE TABLE "round_agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"round_id" uuid,
	"source" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"unit_id" uuid,
	"leader_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "round_agenda_items" ADD CONSTRAINT "round_agenda_items_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "round_agenda_items_key_uq" ON "round_agenda_items" USING btree ("jurisdiction_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "round_agenda_items_round_idx" ON "round_agenda_items" USING btree ("round_id","created_at");