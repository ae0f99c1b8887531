CREATE TABLE "mu_evaluation_state" (
	"jurisdiction_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"computed_version" bigint,
	"thresholds" jsonb,
	"summary" jsonb,
	"computed_at" timestamp with time zone,
	CONSTRAINT "mu_evaluation_state_jurisdiction_id_year_pk" PRIMARY KEY("jurisdiction_id","year")
);
--> statement-breakpoint
CREATE TABLE "mu_evaluations" (
	"jurisdiction_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"pos" integer NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"name" text NOT NULL,
	"credit_code" text NOT NULL,
	"industry_section" text,
	"industry_division" text,
	"area_unit_id" uuid,
	"land_mu" double precision,
	"idle_land_mu" double precision,
	"tax" double precision,
	"output" double precision,
	"energy" double precision,
	"employees" integer,
	"tax_per_mu" double precision,
	"output_per_mu" double precision,
	"output_per_energy" double precision,
	"output_per_employee" double precision,
	"mu_class" text,
	"county_rank" integer,
	"area_rank" integer,
	CONSTRAINT "mu_evaluations_jurisdiction_id_year_pos_pk" PRIMARY KEY("jurisdiction_id","year","pos")
);
--> statement-breakpoint
CREATE INDEX "mu_evaluations_class_idx" ON "mu_evaluations" USING btree ("jurisdiction_id","year","mu_class","pos");--> statement-breakpoint
CREATE INDEX "mu_evaluations_area_idx" ON "mu_evaluations" USING btree ("jurisdiction_id","year","area_unit_id","pos");--> statement-breakpoint
CREATE INDEX "mu_evaluations_section_idx" ON "mu_evaluations" USING btree ("jurisdiction_id","year","industry_section","pos");--> statement-breakpoint
CREATE INDEX "mu_evaluations_division_idx" ON "mu_evaluations" USING btree ("jurisdiction_id","year","industry_division","pos");--> statement-breakpoint
CREATE INDEX "mu_evaluations_idle_idx" ON "mu_evaluations" USING btree ("jurisdiction_id","year","pos") WHERE mu_class = 'D' AND idle_land_mu > 0;--> statement-breakpoint
-- 亩均论英雄 kept evaluation (mu.service.ts, docs/ENTERPRISES.md "The kept evaluation"): whoever changes an input
-- (a 亩均 record, the thresholds, an enterprise's name, code, industry, township or park) bumps the version of the
-- county-years it touches, in its own transaction, by these triggers: no writer can forget, not even SQL by hand.
-- A reader that finds the kept rows older than the version recomputes them first. Writers of one county take turns
-- on an advisory lock (7351140) so that bumps of several years never deadlock.
CREATE OR REPLACE FUNCTION mu_evaluation_stale(j uuid, years integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF j IS NULL OR coalesce(cardinality(years), 0) = 0 THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(7351140, hashtext(j::text));
  INSERT INTO mu_evaluation_state (jurisdiction_id, year, version)
  SELECT j, y, 1 FROM (SELECT DISTINCT unnest(years) AS y) d WHERE y IS NOT NULL ORDER BY y
  ON CONFLICT (jurisdiction_id, year) DO UPDATE SET version = mu_evaluation_state.version + 1;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mu_records_stale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    FOR r IN SELECT j, array_agg(DISTINCT y) AS ys
             FROM (SELECT jurisdiction_id AS j, year AS y FROM changed
                   UNION SELECT jurisdiction_id, year FROM changed_old) x GROUP BY j ORDER BY j LOOP
      PERFORM mu_evaluation_stale(r.j, r.ys);
    END LOOP;
  ELSE
    FOR r IN SELECT jurisdiction_id AS j, array_agg(DISTINCT year) AS ys FROM changed GROUP BY 1 ORDER BY 1 LOOP
      PERFORM mu_evaluation_stale(r.j, r.ys);
    END LOOP;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER mu_records_stale_insert AFTER INSERT ON mu_records REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION mu_records_stale();
--> statement-breakpoint
CREATE TRIGGER mu_records_stale_update AFTER UPDATE ON mu_records REFERENCING NEW TABLE AS changed OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION mu_records_stale();
--> statement-breakpoint
CREATE TRIGGER mu_records_stale_delete AFTER DELETE ON mu_records REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION mu_records_stale();
--> statement-breakpoint
-- An enterprise's row in the evaluation shows its name and code and is filtered, classed (industry bands) and
-- ranked (township or park) by the rest: a change to any of them touches every year it has records for.
CREATE OR REPLACE FUNCTION enterprises_mu_stale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT m.jurisdiction_id AS j, array_agg(DISTINCT m.year) AS ys
           FROM changed n JOIN changed_old o ON o.id = n.id
           JOIN mu_records m ON m.enterprise_id = n.id
           WHERE (n.name, n.credit_code, n.industry_section, n.industry_division, n.area_unit_id)
                 IS DISTINCT FROM (o.name, o.credit_code, o.industry_section, o.industry_division, o.area_unit_id)
           GROUP BY 1 ORDER BY 1 LOOP
    PERFORM mu_evaluation_stale(r.j, r.ys);
  END LOOP;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER enterprises_mu_stale AFTER UPDATE ON enterprises REFERENCING NEW TABLE AS changed OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION enterprises_mu_stale();
--> statement-breakpoint
-- The thresholds class every year of the county: every year with records or a kept evaluation is touched.
CREATE OR REPLACE FUNCTION mu_settings_stale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  j uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    j := OLD.jurisdiction_id;
  ELSE
    j := NEW.jurisdiction_id;
  END IF;
  PERFORM mu_evaluation_stale(j, ARRAY(SELECT year FROM mu_evaluation_state WHERE jurisdiction_id = j
                                       UNION SELECT DISTINCT year FROM mu_records WHERE jurisdiction_id = j));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER mu_settings_stale AFTER INSERT OR UPDATE OR DELETE ON mu_settings
  FOR EACH ROW EXECUTE FUNCTION mu_settings_stale();
