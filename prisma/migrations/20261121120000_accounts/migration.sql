-- Read model: plans (rebuilt from the plan streams). Counts and money are BIGINT so any safe
-- integer the domain accepts fits.
CREATE TABLE "plans" (
    "id"            UUID PRIMARY KEY,
    "name"          TEXT NOT NULL,
    "monthly_price" BIGINT NOT NULL,
    "currency"      TEXT NOT NULL,
    "user_limit"    BIGINT NOT NULL,
    "total_seats"   BIGINT NOT NULL,
    -- 'active' or 'retired'.
    "status"        TEXT NOT NULL,
    "created_at"    TIMESTAMPTZ(3) NOT NULL,
    "updated_at"    TIMESTAMPTZ(3) NOT NULL,
    "retired_at"    TIMESTAMPTZ(3)
);
CREATE INDEX "plans_status_price_idx" ON "plans" ("status", "monthly_price");

-- Read model: organizer accounts with the package they bought (rebuilt from the account streams).
CREATE TABLE "accounts" (
    "id"            UUID PRIMARY KEY,
    "name"          TEXT NOT NULL,
    "plan_id"       UUID NOT NULL,
    "plan_name"     TEXT NOT NULL,
    "monthly_price" BIGINT NOT NULL,
    "currency"      TEXT NOT NULL,
    "user_limit"    BIGINT NOT NULL,
    "total_seats"   BIGINT NOT NULL,
    -- Sum of account_concert_seats for the account.
    "seats_in_use"  BIGINT NOT NULL,
    "opened_at"     TIMESTAMPTZ(3) NOT NULL,
    "updated_at"    TIMESTAMPTZ(3) NOT NULL
);

-- Read model: who belongs to which account, and as what ('owner' or 'staff').
CREATE TABLE "account_members" (
    "account_id" UUID NOT NULL,
    "user_id"    UUID NOT NULL,
    "role"       TEXT NOT NULL,
    "added_at"   TIMESTAMPTZ(3) NOT NULL,
    PRIMARY KEY ("account_id", "user_id")
);
CREATE INDEX "account_members_user_idx" ON "account_members" ("user_id");

-- Read model: seats each on-sale concert holds against its account's totalSeats.
CREATE TABLE "account_concert_seats" (
    "account_id"   UUID NOT NULL,
    -- Text: the catalog chooses its ids.
    "concert_id"   TEXT NOT NULL,
    "seats"        BIGINT NOT NULL,
    "allocated_at" TIMESTAMPTZ(3) NOT NULL,
    PRIMARY KEY ("account_id", "concert_id")
);

-- Read model: the plan change scheduled for an account's next billing period (at most one).
CREATE TABLE "account_plan_changes" (
    "account_id"     UUID PRIMARY KEY,
    "plan_id"        UUID NOT NULL,
    "plan_name"      TEXT NOT NULL,
    "monthly_price"  BIGINT NOT NULL,
    "currency"       TEXT NOT NULL,
    "user_limit"     BIGINT NOT NULL,
    "total_seats"    BIGINT NOT NULL,
    -- Billing period YYYY-MM from which the new package applies.
    "effective_from" TEXT NOT NULL,
    "scheduled_by"   TEXT NOT NULL,
    "scheduled_at"   TIMESTAMPTZ(3) NOT NULL
);
