-- Read model: carts (rebuilt from the cart streams). A row exists from a cart's first event on;
-- an anonymous cart that merged into a user's cart stays as 'merged' so its token answers clearly.
CREATE TABLE "carts" (
    "cart_id"     UUID PRIMARY KEY,
    "status"      TEXT NOT NULL CHECK ("status" IN ('open', 'merged')),
    "merged_into" UUID,
    "updated_at"  TIMESTAMPTZ(3) NOT NULL
);

-- Read model: the lines of every open cart. Names and prices are not copied here: the cart view joins
-- them from the catalog when it is read, so a price change shows at once.
CREATE TABLE "cart_lines" (
    "cart_id"      UUID NOT NULL,
    "concert_id"   UUID NOT NULL,
    "ticket_level" TEXT NOT NULL,
    "quantity"     INTEGER NOT NULL CHECK ("quantity" > 0),
    -- Order in which the lines entered the cart (several can enter in one merge).
    "position"     INTEGER NOT NULL,
    "added_at"     TIMESTAMPTZ(3) NOT NULL,
    "updated_at"   TIMESTAMPTZ(3) NOT NULL,
    PRIMARY KEY ("cart_id", "concert_id", "ticket_level")
);
