CREATE TABLE "indicator_revisions" (
	"jurisdiction_id" uuid PRIMARY KEY NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL
);
