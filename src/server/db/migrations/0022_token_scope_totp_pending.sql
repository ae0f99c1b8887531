-- Tokens made before scopes could do business writes: they keep that ('read_write'); new ones default to 'read'.
-- A token without an expiry gets one: 90 days from now.
UPDATE "api_tokens" SET "expires_at" = now() + interval '90 days' WHERE "expires_at" IS NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "scope" text DEFAULT 'read' NOT NULL;--> statement-breakpoint
UPDATE "api_tokens" SET "scope" = 'read_write';--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "totp_pending_secret" text;
