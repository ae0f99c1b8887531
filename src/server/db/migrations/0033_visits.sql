CREATE TABLE "visit_enterprises" (
	"visit_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"on" date NOT NULL,
	"kind" text NOT NULL,
	"title" text,
	"place" text,
	"leader_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"discussed" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "demands" ADD COLUMN "visit_id" uuid;--> statement-breakpoint
ALTER TABLE "visit_enterprises" ADD CONSTRAINT "visit_enterprises_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_enterprises" ADD CONSTRAINT "visit_enterprises_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "visit_enterprises_uq" ON "visit_enterprises" USING btree ("visit_id","enterprise_id");--> statement-breakpoint
CREATE INDEX "visit_enterprises_enterprise_idx" ON "visit_enterprises" USING btree ("enterprise_id","on");--> statement-breakpoint
CREATE INDEX "visits_on_idx" ON "visits" USING btree ("jurisdiction_id","on");--> statement-breakpoint
CREATE INDEX "visits_leaders_idx" ON "visits" USING gin ("leader_ids");--> statement-breakpoint
CREATE INDEX "visits_units_idx" ON "visits" USING gin ("unit_ids");