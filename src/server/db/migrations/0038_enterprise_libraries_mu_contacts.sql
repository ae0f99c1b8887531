CREATE TABLE "enterprise_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"on" date NOT NULL,
	"note" text,
	"by_person_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprise_libraries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"stages" text[] NOT NULL,
	"criteria" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "library_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"library_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"entered_on" date NOT NULL,
	"stage_on" date NOT NULL,
	"left_on" date,
	"left_reason" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "library_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"library_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"stage" text,
	"on" date NOT NULL,
	"note" text,
	"by_person_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "library_targets" (
	"library_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"new_members" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mu_records" (
	"jurisdiction_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"land_mu" double precision,
	"idle_land_mu" double precision,
	"tax" double precision,
	"output" double precision,
	"energy" double precision,
	"employees" integer,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mu_settings" (
	"jurisdiction_id" uuid PRIMARY KEY NOT NULL,
	"thresholds" jsonb NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "demands" ADD COLUMN "withdrawal_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "demands" ADD COLUMN "withdrawal_voluntary" boolean;--> statement-breakpoint
ALTER TABLE "demands" ADD COLUMN "withdrawal_check_note" text;--> statement-breakpoint
ALTER TABLE "enterprise_contacts" ADD CONSTRAINT "enterprise_contacts_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_members" ADD CONSTRAINT "library_members_library_id_enterprise_libraries_id_fk" FOREIGN KEY ("library_id") REFERENCES "public"."enterprise_libraries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_members" ADD CONSTRAINT "library_members_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_movements" ADD CONSTRAINT "library_movements_member_id_library_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."library_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_targets" ADD CONSTRAINT "library_targets_library_id_enterprise_libraries_id_fk" FOREIGN KEY ("library_id") REFERENCES "public"."enterprise_libraries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mu_records" ADD CONSTRAINT "mu_records_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enterprise_contacts_enterprise_idx" ON "enterprise_contacts" USING btree ("enterprise_id","on");--> statement-breakpoint
CREATE INDEX "enterprise_contacts_on_idx" ON "enterprise_contacts" USING btree ("jurisdiction_id","on");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprise_libraries_code_uq" ON "enterprise_libraries" USING btree ("jurisdiction_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "library_members_current_uq" ON "library_members" USING btree ("library_id","enterprise_id") WHERE left_on IS NULL;--> statement-breakpoint
CREATE INDEX "library_members_enterprise_idx" ON "library_members" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "library_movements_library_idx" ON "library_movements" USING btree ("library_id","on");--> statement-breakpoint
CREATE UNIQUE INDEX "library_targets_uq" ON "library_targets" USING btree ("library_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "mu_records_uq" ON "mu_records" USING btree ("enterprise_id","year");--> statement-breakpoint
CREATE INDEX "mu_records_year_idx" ON "mu_records" USING btree ("jurisdiction_id","year");