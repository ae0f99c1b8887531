-- GIN indexes without a pending list (src/server/db/indexes.ts): set in place, and what waits in each list merged now.
ALTER INDEX "accountability_cases_people_idx" SET (fastupdate = false);--> statement-breakpoint
SELECT gin_clean_pending_list('"accountability_cases_people_idx"'::regclass);--> statement-breakpoint
ALTER INDEX "accountability_cases_items_idx" SET (fastupdate = false);--> statement-breakpoint
SELECT gin_clean_pending_list('"accountability_cases_items_idx"'::regclass);--> statement-breakpoint
ALTER INDEX "enterprises_search_idx" SET (fastupdate = false);--> statement-breakpoint
SELECT gin_clean_pending_list('"enterprises_search_idx"'::regclass);--> statement-breakpoint
ALTER INDEX "visits_leaders_idx" SET (fastupdate = false);--> statement-breakpoint
SELECT gin_clean_pending_list('"visits_leaders_idx"'::regclass);--> statement-breakpoint
ALTER INDEX "visits_units_idx" SET (fastupdate = false);--> statement-breakpoint
SELECT gin_clean_pending_list('"visits_units_idx"'::regclass);--> statement-breakpoint
ALTER INDEX "items_co_units_idx" SET (fastupdate = false);--> statement-breakpoint
SELECT gin_clean_pending_list('"items_co_units_idx"'::regclass);
