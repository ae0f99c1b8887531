ALTER TABLE "extraction_documents" ADD COLUMN "drafted_by" text DEFAULT 'rules' NOT NULL;--> statement-breakpoint
ALTER TABLE "extraction_documents" ADD COLUMN "model_note" text;