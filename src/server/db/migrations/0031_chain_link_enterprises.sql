ALTER TABLE "chain_links" ADD COLUMN "enterprise_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "chain_links" ADD COLUMN "anchor_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "chain_links" ADD COLUMN "divisions" jsonb DEFAULT '[]'::jsonb NOT NULL;