CREATE TABLE "map_boundaries" (
	"jurisdiction_id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"geojson" jsonb NOT NULL,
	"generated" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
