ALTER TABLE "task_milestones" RENAME TO "item_milestones";--> statement-breakpoint
ALTER TABLE "item_milestones" RENAME COLUMN "task_id" TO "item_id";--> statement-breakpoint
ALTER TABLE "item_milestones" DROP CONSTRAINT "task_milestones_task_id_tasks_id_fk";
--> statement-breakpoint
DROP INDEX "milestones_task_idx";--> statement-breakpoint
ALTER TABLE "supervised_items" ADD COLUMN "light" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "supervised_items" ADD COLUMN "light_reasons" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "supervised_items" ADD COLUMN "expected_progress" integer;--> statement-breakpoint
ALTER TABLE "supervised_items" ADD COLUMN "light_on" date;--> statement-breakpoint
ALTER TABLE "item_milestones" ADD CONSTRAINT "item_milestones_item_id_supervised_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."supervised_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reports_pending_idx" ON "progress_reports" USING btree ("item_id") WHERE review_status = 'pending';--> statement-breakpoint
CREATE INDEX "items_light_on_idx" ON "supervised_items" USING btree ("jurisdiction_id","light_on");--> statement-breakpoint
CREATE INDEX "items_light_idx" ON "supervised_items" USING btree ("jurisdiction_id","kind","light","deadline");--> statement-breakpoint
CREATE INDEX "item_milestones_item_idx" ON "item_milestones" USING btree ("item_id");