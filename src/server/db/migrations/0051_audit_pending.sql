-- Audit events written with their change and not chained yet (issue 16): writers insert here without the chain's
-- lock; the app's chainer moves them into audit_events (audit.service.ts). The app's role gets INSERT, SELECT and
-- DELETE here (db/roles.ts); audit_events stays append-only.
CREATE TABLE "audit_pending" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_pending_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"jurisdiction_id" uuid,
	"person_id" uuid,
	"username" text,
	"unit_id" uuid,
	"roles" text,
	"ip" text,
	"action" text NOT NULL,
	"object_type" text,
	"object_id" text,
	"result" text NOT NULL,
	"request_id" text,
	"detail" jsonb,
	"mac" text NOT NULL
);
