CREATE TABLE "milestone_templates" (
	"jurisdiction_id" uuid NOT NULL,
	"project_type" text NOT NULL,
	"names" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "milestone_templates_jurisdiction_id_project_type_pk" PRIMARY KEY("jurisdiction_id","project_type")
);
--> statement-breakpoint
CREATE TABLE "project_investments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"project_id" uuid NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"month" text NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"reason" text,
	"over_remaining" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_milestones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"planned_date" date NOT NULL,
	"actual_date" date
);
--> statement-breakpoint
CREATE TABLE "project_moves" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"from_pool" text,
	"to_pool" text NOT NULL,
	"date" date NOT NULL,
	"reason" text NOT NULL,
	"actor_person_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"serial" integer NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"content" text NOT NULL,
	"total_investment" numeric(14, 2) NOT NULL,
	"annual_plans" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"owner_enterprise" text,
	"responsible_unit_id" uuid NOT NULL,
	"leader_id" uuid,
	"township_unit_id" uuid,
	"lng" double precision,
	"lat" double precision,
	"start_year" integer NOT NULL,
	"end_year" integer NOT NULL,
	"major" boolean DEFAULT false NOT NULL,
	"attracted" boolean DEFAULT false NOT NULL,
	"livelihood" boolean DEFAULT false NOT NULL,
	"source" text,
	"source_ref" text,
	"pool" text NOT NULL,
	"pool_since" date NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_investments" ADD CONSTRAINT "project_investments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD CONSTRAINT "project_milestones_id_supervised_items_id_fk" FOREIGN KEY ("id") REFERENCES "public"."supervised_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD CONSTRAINT "project_milestones_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_moves" ADD CONSTRAINT "project_moves_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_investments_project_idx" ON "project_investments" USING btree ("project_id","month","seq");--> statement-breakpoint
CREATE INDEX "project_investments_jurisdiction_idx" ON "project_investments" USING btree ("jurisdiction_id");--> statement-breakpoint
CREATE INDEX "project_milestones_project_idx" ON "project_milestones" USING btree ("project_id","sort_order");--> statement-breakpoint
CREATE INDEX "project_moves_project_idx" ON "project_moves" USING btree ("project_id","seq");--> statement-breakpoint
CREATE INDEX "project_moves_jurisdiction_idx" ON "project_moves" USING btree ("jurisdiction_id","date");--> statement-breakpoint
CREATE INDEX "projects_jurisdiction_idx" ON "projects" USING btree ("jurisdiction_id","serial");--> statement-breakpoint
CREATE INDEX "projects_pool_idx" ON "projects" USING btree ("jurisdiction_id","pool");--> statement-breakpoint
CREATE INDEX "projects_unit_idx" ON "projects" USING btree ("responsible_unit_id");--> statement-breakpoint
CREATE INDEX "projects_township_idx" ON "projects" USING btree ("township_unit_id");--> statement-breakpoint
CREATE INDEX "projects_leader_idx" ON "projects" USING btree ("leader_id");