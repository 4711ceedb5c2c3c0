-- Read model: support tickets (rebuilt from the `support-ticket-<ticketId>` streams). Staff work each
-- queue oldest first; customers see their own tickets newest first.
CREATE TABLE "support_tickets" (
    "id"              UUID PRIMARY KEY,
    "customer_id"     UUID NOT NULL,
    "order_id"        UUID,
    "subject"         TEXT NOT NULL,
    "body"            TEXT NOT NULL,
    -- Null only between the submission and its routing, which are appended together.
    "queue"           TEXT CHECK ("queue" IN ('orders', 'general')),
    "status"          TEXT NOT NULL CHECK ("status" IN ('open', 'answered', 'closed')),
    "submitted_at"    TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "last_reply_at"   TIMESTAMPTZ(3),
    "closed_at"       TIMESTAMPTZ(3),
    "reply_count"     INTEGER NOT NULL DEFAULT 0 CHECK ("reply_count" >= 0),
    "updated_at"      TIMESTAMPTZ(3) NOT NULL
);
-- A customer's tickets, newest first: the customer list's keyset.
CREATE INDEX "support_tickets_customer_idx" ON "support_tickets" ("customer_id", "submitted_at" DESC, "id" DESC);
-- The support queue by status, oldest first, with or without a queue filter.
CREATE INDEX "support_tickets_status_idx" ON "support_tickets" ("status", "submitted_at", "id");
CREATE INDEX "support_tickets_queue_idx" ON "support_tickets" ("queue", "status", "submitted_at", "id");

-- Read model: the staff replies of each ticket, in the order they were recorded.
CREATE TABLE "support_ticket_messages" (
    "id"        UUID PRIMARY KEY,
    "ticket_id" UUID NOT NULL,
    "position"  INTEGER NOT NULL CHECK ("position" > 0),
    "staff_id"  UUID NOT NULL,
    "body"      TEXT NOT NULL,
    "sent_at"   TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "support_ticket_messages_ticket_id_fkey" FOREIGN KEY ("ticket_id")
        REFERENCES "support_tickets" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "support_ticket_messages_ticket_position_key" ON "support_ticket_messages" ("ticket_id", "position");
