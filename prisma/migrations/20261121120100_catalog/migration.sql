-- Read model: concerts (rebuilt from the concert streams). "status" is 'on_sale' or 'cancelled';
-- whether a concert is still ahead is decided at query time from "starts_at".
CREATE TABLE "concerts" (
    "id"            UUID PRIMARY KEY,
    "account_id"    UUID NOT NULL,
    "name"          TEXT NOT NULL,
    "artist"        TEXT NOT NULL,
    "venue"         TEXT NOT NULL,
    "city"          TEXT NOT NULL,
    "starts_at"     TIMESTAMPTZ(3) NOT NULL,
    "status"        TEXT NOT NULL CHECK ("status" IN ('on_sale', 'cancelled')),
    "cancel_reason" TEXT,
    "scheduled_at"  TIMESTAMPTZ(3) NOT NULL,
    "cancelled_at"  TIMESTAMPTZ(3),
    "updated_at"    TIMESTAMPTZ(3) NOT NULL
);
-- The public list pages through on-sale concerts in (starts_at, id) order; this index serves the
-- status filter, the range on starts_at and the keyset cursor in one scan.
CREATE INDEX "concerts_status_starts_at_id_idx" ON "concerts" ("status", "starts_at", "id");
CREATE INDEX "concerts_account_id_idx" ON "concerts" ("account_id");

-- Read model: ticket levels with live availability (available = capacity - held - sold). Checkout
-- keeps "held" and "sold" current; a level change keeps them, since they belong to inventory.
CREATE TABLE "concert_ticket_levels" (
    "concert_id" UUID NOT NULL,
    "code"       TEXT NOT NULL,
    -- Order in which the organizer listed the levels.
    "position"   INTEGER NOT NULL,
    "name"       TEXT NOT NULL,
    -- Integer minor units of "currency"; BIGINT so any safe integer the domain accepts fits.
    "price"      BIGINT NOT NULL,
    "currency"   TEXT NOT NULL,
    "capacity"   INTEGER NOT NULL,
    "held"       INTEGER NOT NULL DEFAULT 0,
    "sold"       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY ("concert_id", "code"),
    CONSTRAINT "concert_ticket_levels_concert_id_fkey" FOREIGN KEY ("concert_id")
        REFERENCES "concerts" ("id") ON DELETE CASCADE
);
