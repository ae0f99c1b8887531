CREATE TABLE "accountability_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"serial" integer NOT NULL,
	"title" text NOT NULL,
	"facts" text NOT NULL,
	"unit_id" uuid,
	"person_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"concerned_unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"item_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"evidence" jsonb NOT NULL,
	"proposed_measure" text,
	"opened_on" date NOT NULL,
	"opened_by" uuid NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"measure" text,
	"decided_on" date,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"withdraw_reason" text,
	"withdrawn_by" uuid,
	"withdrawn_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accountability_settings" (
	"jurisdiction_id" uuid PRIMARY KEY NOT NULL,
	"measures" text[] NOT NULL,
	"conditions" text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accountability_tolerance" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"conditions" text[] NOT NULL,
	"reasons" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"decision_reason" text,
	"decided_on" date,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "accountability_tolerance" ADD CONSTRAINT "accountability_tolerance_case_id_accountability_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."accountability_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accountability_cases_serial_uq" ON "accountability_cases" USING btree ("jurisdiction_id","year","serial");--> statement-breakpoint
CREATE INDEX "accountability_cases_opened_idx" ON "accountability_cases" USING btree ("jurisdiction_id","opened_on");--> statement-breakpoint
CREATE INDEX "accountability_cases_people_idx" ON "accountability_cases" USING gin ("person_ids");--> statement-breakpoint
CREATE INDEX "accountability_cases_items_idx" ON "accountability_cases" USING gin ("item_ids");