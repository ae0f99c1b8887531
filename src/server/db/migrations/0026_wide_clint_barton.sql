CREATE TABLE "demand_limits" (
	"jurisdiction_id" uuid NOT NULL,
	"category" text NOT NULL,
	"contact_hours" integer NOT NULL,
	"reply_days" integer NOT NULL,
	"resolve_days" integer NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demand_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"demand_id" uuid NOT NULL,
	"text" text NOT NULL,
	"final" boolean NOT NULL,
	"unit_id" uuid NOT NULL,
	"by_person_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demands" (
	"id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"tracking_code" text NOT NULL,
	"token_hash" text NOT NULL,
	"category" text NOT NULL,
	"text" text NOT NULL,
	"source" text NOT NULL,
	"contact_name" text,
	"contact_mobile" text,
	"received_at" timestamp with time zone NOT NULL,
	"contact_due_at" timestamp with time zone NOT NULL,
	"reply_due_at" timestamp with time zone NOT NULL,
	"contacted_at" timestamp with time zone,
	"first_replied_at" timestamp with time zone,
	"rating" text,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"first_rating" text,
	"reopen_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"name" text NOT NULL,
	"credit_code" text NOT NULL,
	"legal_representative" text,
	"industry_section" text,
	"industry_division" text,
	"scale" text,
	"size" text,
	"area_unit_id" uuid,
	"address" text,
	"lng" double precision,
	"lat" double precision,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"employees" integer,
	"founded_on" date,
	"key" boolean DEFAULT false NOT NULL,
	"liaison_leader_id" uuid,
	"liaison_unit_id" uuid,
	"liaison_person" text,
	"confirmed" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_channel_keys" (
	"id" integer PRIMARY KEY NOT NULL,
	"key" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "demand_replies" ADD CONSTRAINT "demand_replies_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_id_supervised_items_id_fk" FOREIGN KEY ("id") REFERENCES "public"."supervised_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "demand_limits_uq" ON "demand_limits" USING btree ("jurisdiction_id","category");--> statement-breakpoint
CREATE INDEX "demand_replies_demand_idx" ON "demand_replies" USING btree ("demand_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "demands_tracking_uq" ON "demands" USING btree ("tracking_code");--> statement-breakpoint
CREATE UNIQUE INDEX "demands_token_uq" ON "demands" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "demands_enterprise_idx" ON "demands" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "demands_received_idx" ON "demands" USING btree ("jurisdiction_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_credit_code_uq" ON "enterprises" USING btree ("jurisdiction_id","credit_code");--> statement-breakpoint
CREATE INDEX "enterprises_name_idx" ON "enterprises" USING btree ("jurisdiction_id","name");--> statement-breakpoint
CREATE INDEX "enterprises_industry_idx" ON "enterprises" USING btree ("jurisdiction_id","industry_section","industry_division");--> statement-breakpoint
CREATE INDEX "enterprises_leader_idx" ON "enterprises" USING btree ("liaison_leader_id");--> statement-breakpoint
CREATE INDEX "enterprises_unit_idx" ON "enterprises" USING btree ("liaison_unit_id");