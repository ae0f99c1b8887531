CREATE TABLE "enterprise_liaisons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"leader_id" uuid,
	"unit_id" uuid,
	"person" text,
	"from_on" date NOT NULL,
	"until_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_by" uuid
);
--> statement-breakpoint
ALTER TABLE "enterprise_liaisons" ADD CONSTRAINT "enterprise_liaisons_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enterprise_liaisons_open_uq" ON "enterprise_liaisons" USING btree ("enterprise_id") WHERE until_on IS NULL;--> statement-breakpoint
CREATE INDEX "enterprise_liaisons_enterprise_idx" ON "enterprise_liaisons" USING btree ("enterprise_id","from_on");--> statement-breakpoint
CREATE INDEX "enterprise_liaisons_span_idx" ON "enterprise_liaisons" USING btree ("jurisdiction_id","from_on","until_on");
--> statement-breakpoint
-- A period ends on or after the day it starts (a same-day correction leaves an empty period, kept as history).
ALTER TABLE "enterprise_liaisons" ADD CONSTRAINT "enterprise_liaisons_span_ck" CHECK ("until_on" IS NULL OR "until_on" >= "from_on");--> statement-breakpoint
-- The assignments the registry holds now become open-ended periods starting the day each enterprise was registered
-- (county time): the registry kept no earlier history, so before that day nobody is counted.
INSERT INTO "enterprise_liaisons" ("jurisdiction_id", "enterprise_id", "leader_id", "unit_id", "person", "from_on", "created_by", "created_at")
SELECT e.jurisdiction_id, e.id, e.liaison_leader_id, e.liaison_unit_id, e.liaison_person,
  (e.created_at AT TIME ZONE 'Asia/Shanghai')::date, e.created_by, e.created_at
FROM "enterprises" e
WHERE e.active AND e.confirmed AND (e.liaison_leader_id IS NOT NULL OR e.liaison_unit_id IS NOT NULL);
