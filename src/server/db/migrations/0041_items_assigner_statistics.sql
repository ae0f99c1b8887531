-- The planner's guess for "items assigned by a unit it does not know yet" (a generic plan, made once for every unit:
-- the to-do, src/server/db/client.ts GENERIC_PLAN). Left to ANALYZE, the office's share — nearly every item — is that
-- guess, and the to-do's generic plan reads the whole county. A unit other than the office assigns about as few
-- items as it undertakes: tell the planner so (distinct values ≈ 5% of rows, as for the undertaking unit). The
-- office itself stays in the column's most-common values, so plans made for its own id still know its share.
ALTER TABLE "supervised_items" ALTER COLUMN "assigner_unit_id" SET (n_distinct = -0.05);--> statement-breakpoint
ANALYZE "supervised_items";
