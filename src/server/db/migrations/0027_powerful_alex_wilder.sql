CREATE TABLE "meeting_agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"source" text NOT NULL,
	"ref_id" uuid,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"figures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"light" text DEFAULT 'none' NOT NULL,
	"link" text,
	"unit_id" uuid,
	"dropped" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"task_id" uuid NOT NULL,
	"agenda_item_id" uuid,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"standard" text NOT NULL,
	"lead_unit_id" uuid NOT NULL,
	"co_unit_ids" uuid[] DEFAULT '{}' NOT NULL,
	"deadline" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"date" date NOT NULL,
	"place" text,
	"chair_id" uuid NOT NULL,
	"attendee_unit_ids" uuid[] DEFAULT '{}' NOT NULL,
	"state" text DEFAULT 'planned' NOT NULL,
	"minutes_year" integer,
	"minutes_number" integer,
	"minutes_issued_on" date,
	"minutes_docx" "bytea",
	"minutes_sha256" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meeting_agenda_items" ADD CONSTRAINT "meeting_agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD CONSTRAINT "meeting_decisions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD CONSTRAINT "meeting_decisions_task_id_supervised_items_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."supervised_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD CONSTRAINT "meeting_decisions_agenda_item_id_meeting_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."meeting_agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_agenda_items_meeting_idx" ON "meeting_agenda_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_decisions_seq_uq" ON "meeting_decisions" USING btree ("meeting_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_decisions_task_uq" ON "meeting_decisions" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "meetings_jurisdiction_idx" ON "meetings" USING btree ("jurisdiction_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_minutes_number_uq" ON "meetings" USING btree ("jurisdiction_id","kind","minutes_year","minutes_number");