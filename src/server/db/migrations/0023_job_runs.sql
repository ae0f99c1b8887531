-- When each scheduled job last started, cluster-wide: with several app instances on one database a job runs once
-- per period, whichever instance's timer comes first (src/server/jobs/runner.ts).
CREATE TABLE IF NOT EXISTS "job_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"instance" text
);
