CREATE TABLE "extraction_candidates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	"paragraph" integer NOT NULL,
	"quote" text NOT NULL,
	"title" text NOT NULL,
	"lead_leader_name" text,
	"lead_leader_id" uuid,
	"units" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lead_unit_id" uuid,
	"co_unit_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deadline_text" text,
	"deadline_norm" text,
	"deadline" text,
	"cadence" text,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"category" text,
	"confidence" real NOT NULL,
	"level" text NOT NULL,
	"derived_from" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extraction_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"hash" text NOT NULL,
	"source_file_name" text,
	"encoding" text NOT NULL,
	"year" integer NOT NULL,
	"source_type" text DEFAULT 'meeting' NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extraction_task_links" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"jurisdiction_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	"paragraph" integer NOT NULL,
	"issued_by" uuid NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "extraction_candidates" ADD CONSTRAINT "extraction_candidates_document_id_extraction_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."extraction_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_task_links" ADD CONSTRAINT "extraction_task_links_document_id_extraction_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."extraction_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_task_links" ADD CONSTRAINT "extraction_task_links_candidate_id_extraction_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."extraction_candidates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "extraction_candidates_document_idx" ON "extraction_candidates" USING btree ("document_id","seq");--> statement-breakpoint
CREATE INDEX "extraction_documents_jurisdiction_idx" ON "extraction_documents" USING btree ("jurisdiction_id","created_at");--> statement-breakpoint
CREATE INDEX "extraction_documents_hash_idx" ON "extraction_documents" USING btree ("jurisdiction_id","hash");--> statement-breakpoint
CREATE UNIQUE INDEX "extraction_task_links_fingerprint_idx" ON "extraction_task_links" USING btree ("jurisdiction_id","fingerprint");--> statement-breakpoint
CREATE INDEX "extraction_task_links_document_idx" ON "extraction_task_links" USING btree ("document_id");