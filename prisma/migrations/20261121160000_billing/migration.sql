-- Write side: the last subscription-invoice number handed out in each calendar year. The finalizing
-- transaction increments its year's row and appends CustomerInvoiced; the row lock serializes
-- finalizations, and a rollback takes the number back, so numbers have no gaps and no duplicates.
CREATE TABLE "invoice_number_counters" (
    "year"          INTEGER PRIMARY KEY,
    "last_sequence" INTEGER NOT NULL CHECK ("last_sequence" > 0)
);

-- Write side: the rendered PDF of each subscription invoice (InvoicePdfGenerated records its hash).
CREATE TABLE "subscription_invoice_pdfs" (
    "invoice_id" UUID PRIMARY KEY,
    "sha256"     TEXT NOT NULL,
    "content"    BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL
);

-- Read model: each account's billing (rebuilt from the `billing-account-<accountId>` streams).
CREATE TABLE "billing_accounts" (
    "account_id"         UUID PRIMARY KEY,
    -- Stripe ids only, and the brand and last four digits Stripe reports: never card data.
    "stripe_customer_id" TEXT,
    "payment_method_id"  TEXT,
    "brand"              TEXT,
    "last4"              TEXT,
    "status"             TEXT NOT NULL CHECK ("status" IN ('active', 'suspended')),
    -- The uncollectible invoices the account is suspended for (suspended while any is left).
    "suspended_for"      UUID[] NOT NULL DEFAULT '{}',
    "updated_at"         TIMESTAMPTZ(3) NOT NULL
);
-- Checkout and the catalog look for suspended accounts only.
CREATE INDEX "billing_accounts_suspended_idx" ON "billing_accounts" ("account_id") WHERE "status" = 'suspended';

-- Read model: credits and refunds owed to accounts, open until an invoice consumes them.
CREATE TABLE "billing_allowances" (
    "id"          UUID PRIMARY KEY,
    "account_id"  UUID NOT NULL,
    "kind"        TEXT NOT NULL CHECK ("kind" IN ('credit', 'refund')),
    -- Integer minor units of "currency", more than 0.
    "amount"      BIGINT NOT NULL CHECK ("amount" > 0),
    "currency"    TEXT NOT NULL,
    "reason"      TEXT NOT NULL,
    "granted_by"  TEXT,
    "granted_at"  TIMESTAMPTZ(3) NOT NULL,
    "consumed_by" UUID,
    "consumed_at" TIMESTAMPTZ(3)
);
CREATE INDEX "billing_allowances_account_idx" ON "billing_allowances" ("account_id", "granted_at");

-- Read model: subscription invoices (rebuilt from the `subscription-invoice-<invoiceId>` streams).
CREATE TABLE "subscription_invoices" (
    "id"               UUID PRIMARY KEY,
    "account_id"       UUID NOT NULL,
    "period"           TEXT NOT NULL,
    "number"           TEXT NOT NULL,
    -- Integer minor units of "currency": subtotal (after credits and refunds) + tax = total.
    "subtotal"         BIGINT NOT NULL,
    "tax"              BIGINT NOT NULL,
    "total"            BIGINT NOT NULL,
    "currency"         TEXT NOT NULL,
    "tax_rate_bps"     INTEGER NOT NULL,
    "issued_at"        TIMESTAMPTZ(3) NOT NULL,
    "payment_status"   TEXT NOT NULL CHECK ("payment_status" IN ('issued', 'paid', 'payment_failed', 'uncollectible')),
    "attempts"         INTEGER NOT NULL DEFAULT 0,
    "paid_at"          TIMESTAMPTZ(3),
    "intent_id"        TEXT,
    "failure_code"     TEXT,
    "failure_message"  TEXT,
    "next_attempt_at"  TIMESTAMPTZ(3),
    "dunning_notices"  INTEGER NOT NULL DEFAULT 0,
    "uncollectible_at" TIMESTAMPTZ(3),
    "pdf_sha256"       TEXT,
    "pdf_bytes"        INTEGER,
    "emailed_at"       TIMESTAMPTZ(3),
    "updated_at"       TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "subscription_invoices_number_key" UNIQUE ("number"),
    CONSTRAINT "subscription_invoices_account_period_key" UNIQUE ("account_id", "period")
);

CREATE TABLE "subscription_invoice_lines" (
    "invoice_id"  UUID NOT NULL,
    "position"    INTEGER NOT NULL,
    "kind"        TEXT NOT NULL CHECK ("kind" IN ('plan', 'credit', 'refund', 'tax')),
    "description" TEXT NOT NULL,
    -- Minor units; credits and refunds are negative.
    "amount"      BIGINT NOT NULL,
    PRIMARY KEY ("invoice_id", "position"),
    CONSTRAINT "subscription_invoice_lines_invoice_id_fkey" FOREIGN KEY ("invoice_id")
        REFERENCES "subscription_invoices" ("id") ON DELETE CASCADE
);
