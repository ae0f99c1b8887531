CREATE TABLE "scoring_rule_sets" (
	"jurisdiction_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scoring_rule_sets_jurisdiction_id_version_pk" PRIMARY KEY("jurisdiction_id","version")
);
