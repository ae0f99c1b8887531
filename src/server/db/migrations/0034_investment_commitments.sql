CREATE TABLE "investment_targets" (
	"jurisdiction_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"signed_count" integer,
	"signed_amount" numeric(14, 2),
	"funds_in_place" numeric(14, 2),
	"start_rate" double precision,
	"producing_count" integer,
	"revitalised_area_mu" double precision,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "investment_targets_jurisdiction_id_year_pk" PRIMARY KEY("jurisdiction_id","year")
);
--> statement-breakpoint
CREATE TABLE "lead_commitments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lead_id" uuid NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"side" text NOT NULL,
	"type" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"amount" numeric(14, 2),
	"due" date NOT NULL,
	"fulfilled_on" date,
	"blocker_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lead_demand_links" (
	"lead_id" uuid NOT NULL,
	"demand_id" uuid NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lead_demand_links_lead_id_demand_id_pk" PRIMARY KEY("lead_id","demand_id")
);
--> statement-breakpoint
ALTER TABLE "lead_commitments" ADD CONSTRAINT "lead_commitments_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_demand_links" ADD CONSTRAINT "lead_demand_links_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lead_commitments_lead_idx" ON "lead_commitments" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "lead_commitments_j_idx" ON "lead_commitments" USING btree ("jurisdiction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lead_demand_links_demand_uq" ON "lead_demand_links" USING btree ("demand_id");