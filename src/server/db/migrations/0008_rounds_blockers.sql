CREATE TABLE "blockers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"type" text NOT NULL,
	"description" text NOT NULL,
	"level" integer DEFAULT 1 NOT NULL,
	"raised_by_unit_id" uuid NOT NULL,
	"raised_on" date NOT NULL,
	"resolution" text,
	"resolved_on" date
);
--> statement-breakpoint
CREATE TABLE "round_projects" (
	"round_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "round_projects_round_id_project_id_pk" PRIMARY KEY("round_id","project_id")
);
--> statement-breakpoint
CREATE TABLE "round_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"round_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"progress" text NOT NULL,
	"image_progress" text NOT NULL,
	"month_investment" numeric(14, 2),
	"problems" text,
	"coordination" text,
	"behind" boolean DEFAULT false NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"title" text NOT NULL,
	"week_start" date NOT NULL,
	"cutoff" date NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"opened_by" uuid NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "blockers" ADD CONSTRAINT "blockers_id_supervised_items_id_fk" FOREIGN KEY ("id") REFERENCES "public"."supervised_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blockers" ADD CONSTRAINT "blockers_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_projects" ADD CONSTRAINT "round_projects_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_projects" ADD CONSTRAINT "round_projects_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_reports" ADD CONSTRAINT "round_reports_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_reports" ADD CONSTRAINT "round_reports_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "blockers_project_idx" ON "blockers" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "blockers_jurisdiction_idx" ON "blockers" USING btree ("jurisdiction_id","raised_on");--> statement-breakpoint
CREATE INDEX "round_projects_unit_idx" ON "round_projects" USING btree ("round_id","unit_id");--> statement-breakpoint
CREATE INDEX "round_reports_round_idx" ON "round_reports" USING btree ("round_id","project_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "rounds_week_uq" ON "rounds" USING btree ("jurisdiction_id","week_start");