CREATE TABLE "jurisdiction_settings" (
	"jurisdiction_id" uuid PRIMARY KEY NOT NULL,
	"due_soon_working_days" integer NOT NULL,
	"yellow_gap" integer NOT NULL,
	"red_gap" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
