-- Read model: payments (rebuilt from the payment streams, `payment-<orderId>`).
CREATE TABLE "payments" (
    "id"              UUID PRIMARY KEY,
    "order_id"        UUID NOT NULL,
    "customer_id"     UUID NOT NULL,
    -- Integer minor units of "currency".
    "amount"          BIGINT NOT NULL,
    "currency"        TEXT NOT NULL,
    "status"          TEXT NOT NULL
        CHECK ("status" IN ('Pending', 'Succeeded', 'Failed', 'Refunded', 'Cancelled')),
    -- Stripe ids only (PaymentIntent, refund): never card data.
    "intent_id"       TEXT,
    "failure_code"    TEXT,
    "failure_message" TEXT,
    "refund_id"       TEXT,
    "refunded_amount" BIGINT NOT NULL DEFAULT 0,
    "requested_at"    TIMESTAMPTZ(3) NOT NULL,
    "updated_at"      TIMESTAMPTZ(3) NOT NULL
);
-- A customer's payments, newest first, a page at a time (keyset on requested_at, id); the financial
-- summary scans the same index.
CREATE INDEX "payments_customer_requested_idx" ON "payments" ("customer_id", "requested_at" DESC, "id" DESC);
CREATE INDEX "payments_order_id_idx" ON "payments" ("order_id");

-- Read model: purchase invoices, one per paid order (rebuilt from the `purchase-invoice-<orderId>` streams).
CREATE TABLE "purchase_invoices" (
    "id"            UUID PRIMARY KEY,
    "number"        TEXT NOT NULL,
    "order_id"      UUID NOT NULL,
    "customer_id"   UUID NOT NULL,
    -- Integer minor units of "currency": the sum of the lines' amounts.
    "total"         BIGINT NOT NULL,
    "currency"      TEXT NOT NULL,
    "billing_name"  TEXT NOT NULL,
    "billing_email" TEXT NOT NULL,
    "issued_at"     TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "purchase_invoices_number_key" UNIQUE ("number"),
    CONSTRAINT "purchase_invoices_order_id_key" UNIQUE ("order_id")
);
CREATE INDEX "purchase_invoices_customer_issued_idx" ON "purchase_invoices" ("customer_id", "issued_at" DESC, "id" DESC);

CREATE TABLE "purchase_invoice_lines" (
    "invoice_id"   UUID NOT NULL,
    -- Order of the lines on the invoice (the order's line order).
    "position"     INTEGER NOT NULL,
    "concert_id"   UUID NOT NULL,
    "concert_name" TEXT NOT NULL,
    "ticket_level" TEXT NOT NULL,
    "level_name"   TEXT NOT NULL,
    "quantity"     INTEGER NOT NULL CHECK ("quantity" > 0),
    "unit_price"   BIGINT NOT NULL,
    "amount"       BIGINT NOT NULL,
    PRIMARY KEY ("invoice_id", "position"),
    CONSTRAINT "purchase_invoice_lines_invoice_id_fkey" FOREIGN KEY ("invoice_id")
        REFERENCES "purchase_invoices" ("id") ON DELETE CASCADE
);
