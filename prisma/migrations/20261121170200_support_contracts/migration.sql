-- Read model (catalog side): support contracts as admins manage them (rebuilt from the
-- `support-contract-<id>` streams). The checkpoint of the event that last changed a row comes from the
-- stored event, so a rebuild reproduces it exactly.
CREATE TABLE "support_contract_catalog" (
    "id"                     UUID PRIMARY KEY,
    "code"                   TEXT NOT NULL,
    "name"                   TEXT NOT NULL,
    "description"            TEXT NOT NULL,
    -- Integer minor units of "monthly_price_currency".
    "monthly_price_amount"   BIGINT NOT NULL CHECK ("monthly_price_amount" >= 0),
    "monthly_price_currency" TEXT NOT NULL,
    "response_time_hours"    INTEGER NOT NULL CHECK ("response_time_hours" BETWEEN 1 AND 168),
    "status"                 TEXT NOT NULL CHECK ("status" IN ('active', 'retired')),
    -- The stream version of the event that last changed the row.
    "version"                INTEGER NOT NULL,
    "created_at"             TIMESTAMPTZ(3) NOT NULL,
    "updated_at"             TIMESTAMPTZ(3) NOT NULL,
    "retired_at"             TIMESTAMPTZ(3),
    -- That event's (transaction id, position): the order the sync reads changes in.
    "changed_transaction_id" XID8 NOT NULL,
    "changed_position"       BIGINT NOT NULL,
    CONSTRAINT "support_contract_catalog_code_key" UNIQUE ("code")
);
CREATE INDEX "support_contract_catalog_changes_idx"
    ON "support_contract_catalog" ("changed_transaction_id", "changed_position");

-- Customer side: the copy customers list contracts from. Written only by the periodic sync (not a
-- projection: a rebuild leaves it alone), so it answers while the catalog side is unavailable.
CREATE TABLE "customer_support_contracts" (
    "id"                     UUID PRIMARY KEY,
    "code"                   TEXT NOT NULL,
    "name"                   TEXT NOT NULL,
    "description"            TEXT NOT NULL,
    "monthly_price_amount"   BIGINT NOT NULL,
    "monthly_price_currency" TEXT NOT NULL,
    "response_time_hours"    INTEGER NOT NULL,
    "status"                 TEXT NOT NULL CHECK ("status" IN ('active', 'retired')),
    -- The catalog version copied: an older version never replaces a newer one.
    "version"                INTEGER NOT NULL,
    "synced_at"              TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX "customer_support_contracts_listing_idx"
    ON "customer_support_contracts" ("status", "monthly_price_amount", "code");

-- Customer side: where the sync stands. One row; the cursor is the catalog's (transaction id,
-- position) pair of the last change copied.
CREATE TABLE "support_contract_sync_state" (
    "id"                    SMALLINT PRIMARY KEY CHECK ("id" = 1),
    "cursor_transaction_id" XID8 NOT NULL DEFAULT '0',
    "cursor_position"       BIGINT NOT NULL DEFAULT 0,
    "last_synced_at"        TIMESTAMPTZ(3),
    "contracts_applied"     BIGINT NOT NULL DEFAULT 0,
    "contracts_retired"     BIGINT NOT NULL DEFAULT 0
);
INSERT INTO "support_contract_sync_state" ("id") VALUES (1);
