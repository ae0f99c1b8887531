CREATE TABLE "indicator_counties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"name" text NOT NULL,
	"is_self" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_settings" (
	"jurisdiction_id" uuid PRIMARY KEY NOT NULL,
	"coordinator_unit_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"county_id" uuid NOT NULL,
	"period" text NOT NULL,
	"year" integer NOT NULL,
	"period_index" integer NOT NULL,
	"value" double precision NOT NULL,
	"growth" double precision,
	"rank" integer,
	"entered_value" double precision,
	"entered_unit" text,
	"source" text,
	"note" text,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer NOT NULL,
	"current" boolean DEFAULT true NOT NULL,
	"import_batch_id" uuid,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"frequency" text NOT NULL,
	"accumulation" text NOT NULL,
	"rank_by" text DEFAULT 'growth' NOT NULL,
	"category" text,
	"responsible_unit_id" uuid NOT NULL,
	"leader_id" uuid,
	"targets" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_county_id_indicator_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."indicator_counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_counties_name_uq" ON "indicator_counties" USING btree ("jurisdiction_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_counties_self_uq" ON "indicator_counties" USING btree ("jurisdiction_id") WHERE "indicator_counties"."is_self";--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_values_current_uq" ON "indicator_values" USING btree ("indicator_id","period","county_id") WHERE "indicator_values"."current";--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_values_version_uq" ON "indicator_values" USING btree ("indicator_id","period","county_id","version");--> statement-breakpoint
CREATE INDEX "indicator_values_series_idx" ON "indicator_values" USING btree ("indicator_id","county_id","year") WHERE "indicator_values"."current";--> statement-breakpoint
CREATE INDEX "indicator_values_jurisdiction_idx" ON "indicator_values" USING btree ("jurisdiction_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "indicators_name_uq" ON "indicators" USING btree ("jurisdiction_id","name");--> statement-breakpoint
CREATE INDEX "indicators_unit_idx" ON "indicators" USING btree ("responsible_unit_id");