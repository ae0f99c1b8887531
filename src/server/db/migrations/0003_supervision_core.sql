CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" bigint NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"item_id" uuid
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"source" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extension_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"old_deadline" date NOT NULL,
	"requested_deadline" date NOT NULL,
	"reason" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "progress_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"period" text NOT NULL,
	"progress" integer NOT NULL,
	"text" text NOT NULL,
	"problems" text,
	"next_steps" text,
	"late_days" integer DEFAULT 0 NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"review_status" text DEFAULT 'pending' NOT NULL,
	"review_comment" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "supervised_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"parent_id" uuid,
	"assigner_unit_id" uuid NOT NULL,
	"assignee_unit_id" uuid NOT NULL,
	"co_unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"lead_leader_id" uuid,
	"responsible_person_id" uuid,
	"state" text DEFAULT 'draft' NOT NULL,
	"start_date" date NOT NULL,
	"deadline" date NOT NULL,
	"progress" integer,
	"last_report_date" date,
	"cadence" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "supervision_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_person_id" uuid,
	"actor_unit_id" uuid,
	"action" text NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"reason" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "task_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due" date NOT NULL,
	"done_on" date,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"serial" integer NOT NULL,
	"content" text NOT NULL,
	"standard" text NOT NULL,
	"accountability" text,
	"category" text,
	"level" text DEFAULT 'general' NOT NULL,
	"source_type" text,
	"source_title" text,
	"source_paragraph" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "task_milestones" ADD CONSTRAINT "task_milestones_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_id_supervised_items_id_fk" FOREIGN KEY ("id") REFERENCES "public"."supervised_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_item_idx" ON "attachments" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_days_uq" ON "calendar_days" USING btree (coalesce("jurisdiction_id", '00000000-0000-0000-0000-000000000000'::uuid),"day");--> statement-breakpoint
CREATE UNIQUE INDEX "extension_pending_uq" ON "extension_requests" USING btree ("item_id") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "reports_period_uq" ON "progress_reports" USING btree ("item_id","period") WHERE review_status <> 'returned';--> statement-breakpoint
CREATE INDEX "reports_item_idx" ON "progress_reports" USING btree ("item_id","submitted_at");--> statement-breakpoint
CREATE INDEX "items_scope_idx" ON "supervised_items" USING btree ("jurisdiction_id","kind","state");--> statement-breakpoint
CREATE INDEX "items_assignee_idx" ON "supervised_items" USING btree ("assignee_unit_id");--> statement-breakpoint
CREATE INDEX "items_parent_idx" ON "supervised_items" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "items_deadline_idx" ON "supervised_items" USING btree ("jurisdiction_id","deadline");--> statement-breakpoint
CREATE INDEX "events_item_idx" ON "supervision_events" USING btree ("item_id","seq");--> statement-breakpoint
CREATE INDEX "milestones_task_idx" ON "task_milestones" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "tasks_jurisdiction_idx" ON "tasks" USING btree ("jurisdiction_id","serial");