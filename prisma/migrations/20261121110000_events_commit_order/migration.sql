-- Readers of all events page in commit-safe order: (transaction id, position).
DROP INDEX IF EXISTS "events_transaction_id_idx";
CREATE INDEX "events_commit_order_idx" ON "events" ("transaction_id", "position");
