ALTER TABLE "people" ADD COLUMN "system" text;--> statement-breakpoint
CREATE UNIQUE INDEX "people_system_uq" ON "people" USING btree ("jurisdiction_id","system") WHERE "people"."system" IS NOT NULL;--> statement-breakpoint
-- The system actor of the enterprise's own channel in each jurisdiction that has a unit (a person belongs to one):
-- its supervision office, else its first active unit. Jurisdictions made later get it with their first unit.
INSERT INTO "people" ("jurisdiction_id", "unit_id", "username", "display_name", "system")
SELECT j.id,
  (SELECT u.id FROM "units" u WHERE u.jurisdiction_id = j.id
    ORDER BY (u.kind = 'supervision' AND u.active) DESC, u.active DESC, u.sort_order, u.created_at LIMIT 1),
  'system:demand-channel:' || j.code, '企业诉求直通车（系统）', 'demand_channel'
FROM "jurisdictions" j
WHERE EXISTS (SELECT 1 FROM "units" u WHERE u.jurisdiction_id = j.id)
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- What the channel did before was recorded as the nil person: it is the system actor's now (the audit trail,
-- append-only, keeps its rows as written: they name no person).
UPDATE "supervised_items" i SET "created_by" = p.id FROM "people" p
WHERE i.created_by = '00000000-0000-0000-0000-000000000000' AND p.jurisdiction_id = i.jurisdiction_id AND p.system = 'demand_channel';--> statement-breakpoint
UPDATE "supervision_events" e SET "actor_person_id" = p.id FROM "supervised_items" i, "people" p
WHERE e.actor_person_id = '00000000-0000-0000-0000-000000000000' AND i.id = e.item_id
  AND p.jurisdiction_id = i.jurisdiction_id AND p.system = 'demand_channel';
