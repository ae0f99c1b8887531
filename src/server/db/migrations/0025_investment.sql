CREATE TABLE "chain_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"chain_id" uuid NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"tier" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"enough" integer DEFAULT 3 NOT NULL,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chains" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"name" text NOT NULL,
	"chief_leader_id" uuid NOT NULL,
	"lead_unit_id" uuid NOT NULL,
	"park_unit_id" uuid,
	"description" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lead_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"lead_id" uuid NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"action" text NOT NULL,
	"stage" text NOT NULL,
	"date" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"occasion" text,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actor_person_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lead_funds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lead_id" uuid NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"date" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"entered_by" uuid NOT NULL,
	"confirmed_by" uuid,
	"confirmed_on" date
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"serial" integer NOT NULL,
	"investor" text NOT NULL,
	"project_name" text NOT NULL,
	"industry" text DEFAULT '' NOT NULL,
	"chain_id" uuid,
	"link_id" uuid,
	"investment" numeric(14, 2) NOT NULL,
	"space_kind" text,
	"space_min" double precision,
	"space_max" double precision,
	"land_use" text,
	"power_kva" double precision,
	"water_tons_per_day" double precision,
	"source" text NOT NULL,
	"responsible_unit_id" uuid NOT NULL,
	"task_force" text,
	"leader_id" uuid,
	"description" text DEFAULT '' NOT NULL,
	"received_on" date NOT NULL,
	"stage" text DEFAULT 'lead' NOT NULL,
	"closed" boolean DEFAULT false NOT NULL,
	"lost_reason" text,
	"last_event_on" date,
	"signed_on" date,
	"project_id" uuid,
	"site_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"serial" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"area" double precision NOT NULL,
	"land_use" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"township_unit_id" uuid,
	"responsible_unit_id" uuid NOT NULL,
	"ownership" text NOT NULL,
	"owner" text DEFAULT '' NOT NULL,
	"power_kva" double precision,
	"water_tons_per_day" double precision,
	"asking_terms" text DEFAULT '' NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"state" text DEFAULT 'idle' NOT NULL,
	"state_since" date NOT NULL,
	"lead_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chain_links" ADD CONSTRAINT "chain_links_chain_id_chains_id_fk" FOREIGN KEY ("chain_id") REFERENCES "public"."chains"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_events" ADD CONSTRAINT "lead_events_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_funds" ADD CONSTRAINT "lead_funds_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_chain_id_chains_id_fk" FOREIGN KEY ("chain_id") REFERENCES "public"."chains"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_link_id_chain_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."chain_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chain_links_chain_idx" ON "chain_links" USING btree ("chain_id","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "chains_name_uq" ON "chains" USING btree ("jurisdiction_id","name");--> statement-breakpoint
CREATE INDEX "lead_events_lead_idx" ON "lead_events" USING btree ("lead_id","seq");--> statement-breakpoint
CREATE INDEX "lead_funds_lead_idx" ON "lead_funds" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "leads_jurisdiction_idx" ON "leads" USING btree ("jurisdiction_id","serial");--> statement-breakpoint
CREATE INDEX "leads_unit_idx" ON "leads" USING btree ("responsible_unit_id");--> statement-breakpoint
CREATE INDEX "leads_link_idx" ON "leads" USING btree ("link_id");--> statement-breakpoint
CREATE UNIQUE INDEX "leads_project_uq" ON "leads" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "sites_jurisdiction_idx" ON "sites" USING btree ("jurisdiction_id","serial");