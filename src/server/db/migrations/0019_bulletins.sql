CREATE TABLE "bulletins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"number" integer,
	"state" text DEFAULT 'draft' NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"issue_date" date NOT NULL,
	"content" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone,
	"docx" "bytea",
	"docx_sha256" text,
	"annex" "bytea",
	"annex_sha256" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bulletins_number_uq" ON "bulletins" USING btree ("jurisdiction_id","year","number");--> statement-breakpoint
-- An issued bulletin is archived: the database itself refuses to change or remove it (its .docx and hash included).
CREATE OR REPLACE FUNCTION bulletins_refuse_issued_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'issued' THEN
    RAISE EXCEPTION 'bulletin % is issued and archived (% refused)', OLD.id, TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER bulletins_issued_frozen BEFORE UPDATE OR DELETE ON bulletins
  FOR EACH ROW EXECUTE FUNCTION bulletins_refuse_issued_change();
