ALTER TABLE "demand_replies" ADD COLUMN "attachment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
-- A final answer's files were recorded only with its close request (the event's data names the reply): they were
-- sent as the answer's, so they become the answer's files. An interim answer's files were not recorded with it and
-- stay internal.
UPDATE "demand_replies" r SET "attachment_ids" = ARRAY(
  SELECT jsonb_array_elements_text(e."data"->'attachmentIds')::uuid
) FROM "supervision_events" e
WHERE e."item_id" = r."demand_id" AND e."action" = 'requestClose' AND e."data"->>'replyId' = r."id"::text
  AND jsonb_typeof(e."data"->'attachmentIds') = 'array';
