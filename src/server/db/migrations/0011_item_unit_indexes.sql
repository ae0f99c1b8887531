CREATE INDEX "items_assigner_idx" ON "supervised_items" USING btree ("assigner_unit_id");--> statement-breakpoint
CREATE INDEX "items_co_units_idx" ON "supervised_items" USING gin ("co_unit_ids");