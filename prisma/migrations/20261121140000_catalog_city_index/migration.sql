-- The public list filtered by city (any case), in start order, on on-sale concerts only.
CREATE INDEX "concerts_on_sale_city_idx" ON "concerts" (lower("city"), "starts_at", "id") WHERE "status" = 'on_sale';
