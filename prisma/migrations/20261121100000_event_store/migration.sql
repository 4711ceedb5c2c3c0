-- The event store: every business fact, in commit order per transaction.
CREATE TABLE "events" (
    "position"       BIGSERIAL PRIMARY KEY,
    "event_id"       UUID NOT NULL,
    "stream_id"      TEXT NOT NULL,
    "stream_type"    TEXT NOT NULL,
    "stream_version" INTEGER NOT NULL,
    "type"           TEXT NOT NULL,
    "schema_version" INTEGER NOT NULL DEFAULT 1,
    "data"           JSONB NOT NULL,
    "metadata"       JSONB NOT NULL DEFAULT '{}',
    "recorded_at"    TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    -- Lets after-commit consumers avoid skipping positions whose transaction commits late.
    "transaction_id" XID8 NOT NULL DEFAULT pg_current_xact_id(),
    CONSTRAINT "events_event_id_key" UNIQUE ("event_id"),
    CONSTRAINT "events_stream_version_key" UNIQUE ("stream_id", "stream_version"),
    CONSTRAINT "events_stream_version_positive" CHECK ("stream_version" > 0)
);
CREATE INDEX "events_type_idx" ON "events" ("type");
CREATE INDEX "events_transaction_id_idx" ON "events" ("transaction_id");

-- Fixed-window counters shared by every API instance.
CREATE TABLE "rate_limit_counters" (
    "key"               TEXT PRIMARY KEY,
    "window_started_at" TIMESTAMPTZ(3) NOT NULL,
    "hits"              INTEGER NOT NULL
);
