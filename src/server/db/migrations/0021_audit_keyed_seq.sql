ALTER TABLE "audit_events" ALTER COLUMN "seq" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_seq_positive" CHECK ("audit_events"."seq" > 0);--> statement-breakpoint
-- seq is written by the app (the last seq + 1 under the chain's lock), not by a sequence: a rolled-back
-- transaction would use a number up and leave a gap, and a gap must mean a removed row.
ALTER TABLE "audit_events" ALTER COLUMN "seq" DROP DEFAULT;
--> statement-breakpoint
DROP SEQUENCE IF EXISTS "audit_events_seq_seq";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_gapless_seq() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  expected bigint;
BEGIN
  SELECT coalesce(max(seq), 0) + 1 INTO expected FROM audit_events;
  IF NEW.seq IS DISTINCT FROM expected THEN
    RAISE EXCEPTION 'audit_events.seq must follow the last row without a gap (got %, expected %)', NEW.seq, expected
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_gapless BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_gapless_seq();
