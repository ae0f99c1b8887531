CREATE TABLE "ledger_serials" (
	"jurisdiction_id" uuid NOT NULL,
	"ledger" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "ledger_serials_jurisdiction_id_ledger_pk" PRIMARY KEY("jurisdiction_id","ledger")
);
--> statement-breakpoint
-- The counters as the ledgers say now (a ledger's next 序号 was max(serial) + 1 under a global advisory lock).
INSERT INTO "ledger_serials" ("jurisdiction_id", "ledger", "last")
  SELECT "jurisdiction_id", 'tasks', max("serial") FROM "tasks" GROUP BY "jurisdiction_id";--> statement-breakpoint
INSERT INTO "ledger_serials" ("jurisdiction_id", "ledger", "last")
  SELECT "jurisdiction_id", 'findings', max("serial") FROM "findings" GROUP BY "jurisdiction_id";--> statement-breakpoint
-- Whoever writes a ledger's rows (the app numbers from the counter; an import by SQL or a benchmark's loading does
-- not), the counter is never below the highest serial written.
CREATE OR REPLACE FUNCTION ledger_serials_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_serials (jurisdiction_id, ledger, last)
    SELECT jurisdiction_id, TG_TABLE_NAME, max(serial) FROM new_rows GROUP BY jurisdiction_id
  ON CONFLICT (jurisdiction_id, ledger) DO UPDATE SET last = EXCLUDED.last WHERE ledger_serials.last < EXCLUDED.last;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER tasks_serials_follow AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_serials_follow();--> statement-breakpoint
CREATE TRIGGER findings_serials_follow AFTER INSERT ON findings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_serials_follow();
