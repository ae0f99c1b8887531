ALTER TABLE "supervised_items" ADD COLUMN "has_milestones" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "supervised_items" ADD COLUMN "has_children" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- The hints as the rows say now, then kept by triggers whoever writes (the app, an import, a bench loading by SQL).
UPDATE "supervised_items" s SET "has_milestones" = true
 WHERE EXISTS (SELECT 1 FROM "item_milestones" m WHERE m."item_id" = s."id");--> statement-breakpoint
UPDATE "supervised_items" s SET "has_children" = true
 WHERE EXISTS (SELECT 1 FROM "supervised_items" c WHERE c."parent_id" = s."id");--> statement-breakpoint
CREATE OR REPLACE FUNCTION item_milestones_hint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE supervised_items SET has_milestones = true WHERE id = NEW.item_id AND NOT has_milestones;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE supervised_items s SET has_milestones = false
     WHERE s.id = OLD.item_id AND s.has_milestones
       AND NOT EXISTS (SELECT 1 FROM item_milestones m WHERE m.item_id = s.id);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER item_milestones_hint AFTER INSERT OR DELETE OR UPDATE OF item_id ON item_milestones
  FOR EACH ROW EXECUTE FUNCTION item_milestones_hint();--> statement-breakpoint
CREATE OR REPLACE FUNCTION supervised_items_children_hint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.parent_id IS NOT NULL THEN
    UPDATE supervised_items SET has_children = true WHERE id = NEW.parent_id AND NOT has_children;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.parent_id IS NOT NULL THEN
    UPDATE supervised_items p SET has_children = false
     WHERE p.id = OLD.parent_id AND p.has_children
       AND NOT EXISTS (SELECT 1 FROM supervised_items c WHERE c.parent_id = p.id);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
-- Only rows with a parent fire it (a task created on its own pays nothing but the WHEN).
CREATE TRIGGER supervised_items_child_added AFTER INSERT ON supervised_items
  FOR EACH ROW WHEN (NEW.parent_id IS NOT NULL) EXECUTE FUNCTION supervised_items_children_hint();--> statement-breakpoint
CREATE TRIGGER supervised_items_child_removed AFTER DELETE ON supervised_items
  FOR EACH ROW WHEN (OLD.parent_id IS NOT NULL) EXECUTE FUNCTION supervised_items_children_hint();--> statement-breakpoint
CREATE TRIGGER supervised_items_child_moved AFTER UPDATE OF parent_id ON supervised_items
  FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION supervised_items_children_hint();
