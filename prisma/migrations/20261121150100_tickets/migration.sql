-- Read model: tickets (rebuilt from the ticket streams). One row per admission. The ticket's code is
-- never stored: it is derived from the id with TICKET_CODE_SECRET when its owner asks for it.
CREATE TABLE "tickets" (
    "id"           UUID PRIMARY KEY,
    "order_id"     UUID NOT NULL,
    "customer_id"  UUID NOT NULL,
    "concert_id"   UUID NOT NULL,
    "account_id"   UUID NOT NULL,
    "concert_name" TEXT NOT NULL,
    "ticket_level" TEXT NOT NULL,
    "level_name"   TEXT NOT NULL,
    -- Which admission of its order (1..n across the order's lines).
    "admission"    INTEGER NOT NULL CHECK ("admission" > 0),
    "status"       TEXT NOT NULL CHECK ("status" IN ('issued', 'admitted', 'voided')),
    "void_reason"  TEXT CHECK ("void_reason" IN ('concert_cancelled', 'refunded')),
    "issued_at"    TIMESTAMPTZ(3) NOT NULL,
    "admitted_at"  TIMESTAMPTZ(3),
    "voided_at"    TIMESTAMPTZ(3),
    "updated_at"   TIMESTAMPTZ(3) NOT NULL
);
-- A customer's tickets, newest order first and in admission order within it: the list's keyset.
CREATE INDEX "tickets_customer_id_issued_at_idx"
    ON "tickets" ("customer_id", "issued_at" DESC, "order_id" DESC, "admission");
CREATE INDEX "tickets_order_id_idx" ON "tickets" ("order_id");
CREATE INDEX "tickets_concert_id_idx" ON "tickets" ("concert_id");

-- Read model: how each ticket is travelling to its holder. "updated_at" is when the status last changed.
CREATE TABLE "ticket_deliveries" (
    "ticket_id"           UUID PRIMARY KEY,
    "method"              TEXT NOT NULL CHECK ("method" IN ('email', 'courier')),
    "status"              TEXT NOT NULL CHECK ("status" IN ('pending', 'sent', 'dispatched', 'delivered')),
    "message_key"         TEXT,
    "provider_message_id" TEXT,
    "tracking_number"     TEXT,
    "carrier"             TEXT,
    "updated_at"          TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ticket_deliveries_ticket_id_fkey" FOREIGN KEY ("ticket_id")
        REFERENCES "tickets" ("id") ON DELETE CASCADE
);
CREATE INDEX "ticket_deliveries_tracking_number_idx" ON "ticket_deliveries" ("tracking_number");

-- Read model: every validation attempt at a door, whatever it concluded.
CREATE TABLE "ticket_scans" (
    "attempt_id" UUID PRIMARY KEY,
    "concert_id" UUID NOT NULL,
    -- Null when the code named no ticket.
    "ticket_id"  UUID,
    "result"     TEXT NOT NULL CHECK ("result" IN ('valid', 'already_used', 'wrong_concert', 'voided', 'unknown')),
    "scanned_by" UUID NOT NULL,
    "scanned_at" TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX "ticket_scans_concert_id_scanned_at_idx" ON "ticket_scans" ("concert_id", "scanned_at");
CREATE INDEX "ticket_scans_ticket_id_idx" ON "ticket_scans" ("ticket_id");
