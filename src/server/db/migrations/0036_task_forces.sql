CREATE TABLE "task_force_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_force_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"duty" text DEFAULT '成员' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"added_by" uuid NOT NULL,
	"left_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "task_forces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"duties" text,
	"lead_unit_id" uuid NOT NULL,
	"head_id" uuid,
	"state" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "supervised_items" ADD COLUMN "task_force_id" uuid;--> statement-breakpoint
ALTER TABLE "task_force_members" ADD CONSTRAINT "task_force_members_task_force_id_task_forces_id_fk" FOREIGN KEY ("task_force_id") REFERENCES "public"."task_forces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "task_force_members_active_uq" ON "task_force_members" USING btree ("task_force_id","person_id") WHERE left_at IS NULL;--> statement-breakpoint
CREATE INDEX "task_force_members_person_idx" ON "task_force_members" USING btree ("person_id") WHERE left_at IS NULL;--> statement-breakpoint
CREATE INDEX "task_forces_jurisdiction_idx" ON "task_forces" USING btree ("jurisdiction_id","state");--> statement-breakpoint
CREATE INDEX "items_task_force_idx" ON "supervised_items" USING btree ("task_force_id");