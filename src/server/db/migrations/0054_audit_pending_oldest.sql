-- The chainer's read of the oldest pending audit rows, by the primary key's index whatever the planner thinks.
-- audit_pending is a queue: every row is deleted within milliseconds of its insert, so between two vacuums the
-- table is mostly dead rows while its statistics say it holds a handful. The planner then prefers reading the
-- whole table and sorting (measured 1.1-1.4 ms a run on a table left with 3,700 dead rows) to the index, which
-- skips rows already known dead (0.02 ms). plpgsql keeps the plan, made with sequential scans off.
CREATE FUNCTION audit_pending_oldest(n integer) RETURNS json
  LANGUAGE plpgsql STABLE
  SET enable_seqscan = off
AS $$
BEGIN
  RETURN (SELECT json_agg(p ORDER BY p.id) FROM (SELECT * FROM audit_pending ORDER BY id LIMIT n) p);
END $$;--> statement-breakpoint
-- Vacuumed by the number of rows dead, not by a share of the few alive (the default waits for 50 + 20 % of them,
-- then a minute's naptime: thousands of dead rows on a busy morning).
ALTER TABLE audit_pending SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
