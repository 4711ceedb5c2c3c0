-- The analytics side: a schema of its own that stands for a separate analytics store. Survey
-- responses reach it only through the checkpointed export that reads the event store after commit;
-- nothing customer-facing reads or writes it, and it has no Prisma models.
CREATE SCHEMA IF NOT EXISTS "analytics";

-- One row per survey, written once by the export (the survey id is the second guard against a duplicate).
CREATE TABLE "analytics"."survey_responses" (
    "survey_id"      UUID PRIMARY KEY,
    "customer_id"    UUID NOT NULL,
    "order_id"       UUID,
    "score"          SMALLINT NOT NULL,
    "comment"        TEXT,
    "submitted_at"   TIMESTAMPTZ(3) NOT NULL,
    -- Where the SurveySubmitted event is in the event store, for tracing an export back to its event.
    "event_position" BIGINT NOT NULL,
    "exported_at"    TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "survey_responses_score_range" CHECK ("score" BETWEEN 0 AND 10)
);
CREATE INDEX "survey_responses_submitted_at_idx" ON "analytics"."survey_responses" ("submitted_at");

-- How far each after-commit consumer has read, in the event store's commit-safe order
-- (transaction id, position). Moved in the same transaction as what the consumer wrote.
CREATE TABLE "analytics"."consumer_checkpoints" (
    "consumer"       TEXT PRIMARY KEY,
    "transaction_id" XID8 NOT NULL DEFAULT '0',
    "position"       BIGINT NOT NULL DEFAULT 0,
    "updated_at"     TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
