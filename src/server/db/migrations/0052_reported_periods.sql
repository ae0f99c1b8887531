ALTER TABLE "supervised_items" ADD COLUMN "reported_periods" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- The periods as the reports say now, then kept by triggers whoever writes (the app, an import, a bench by SQL).
UPDATE "supervised_items" s SET "reported_periods" = p.periods
  FROM (SELECT item_id, array_agg(DISTINCT period ORDER BY period) AS periods FROM progress_reports
         WHERE review_status <> 'returned' GROUP BY item_id) p
 WHERE p.item_id = s.id;--> statement-breakpoint
CREATE OR REPLACE FUNCTION progress_reports_periods() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A new live report adds its period (once); anything else reads the item's live reports again.
  IF TG_OP = 'INSERT' THEN
    UPDATE supervised_items SET reported_periods = reported_periods || NEW.period
     WHERE id = NEW.item_id AND NOT reported_periods @> ARRAY[NEW.period];
    RETURN NULL;
  END IF;
  UPDATE supervised_items s SET reported_periods = ARRAY(SELECT DISTINCT r.period FROM progress_reports r
           WHERE r.item_id = s.id AND r.review_status <> 'returned' ORDER BY 1)
   WHERE s.id = OLD.item_id OR (TG_OP = 'UPDATE' AND s.id = NEW.item_id);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER progress_reports_period_added AFTER INSERT ON progress_reports
  FOR EACH ROW WHEN (NEW.review_status <> 'returned') EXECUTE FUNCTION progress_reports_periods();--> statement-breakpoint
CREATE TRIGGER progress_reports_period_removed AFTER DELETE ON progress_reports
  FOR EACH ROW WHEN (OLD.review_status <> 'returned') EXECUTE FUNCTION progress_reports_periods();--> statement-breakpoint
-- Accepting a report changes nothing here: only a return (or its undoing), a new period or another item does.
CREATE TRIGGER progress_reports_period_changed AFTER UPDATE OF item_id, period, review_status ON progress_reports
  FOR EACH ROW WHEN ((OLD.review_status = 'returned') IS DISTINCT FROM (NEW.review_status = 'returned')
    OR OLD.period IS DISTINCT FROM NEW.period OR OLD.item_id IS DISTINCT FROM NEW.item_id)
  EXECUTE FUNCTION progress_reports_periods();
