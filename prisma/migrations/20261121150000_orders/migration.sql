-- Held and sold tickets live beside each level's capacity, and the database itself refuses a
-- state that would oversell: whatever a bug or a race does, held + sold never exceeds capacity.
ALTER TABLE concert_ticket_levels
  ADD CONSTRAINT concert_ticket_levels_stock_check CHECK (held >= 0 AND sold >= 0 AND held + sold <= capacity);

-- Orders read model.
CREATE TABLE orders (
  id                     uuid PRIMARY KEY,
  customer_id            uuid NOT NULL,
  status                 text NOT NULL,
  total_amount           bigint NOT NULL,
  currency               text NOT NULL,
  delivery_method        text NOT NULL,
  request_hash           text NOT NULL,
  hold_expires_at        timestamptz(3),
  payment_id             uuid,
  failure_code           text,
  cancel_reason          text,
  sold_out               jsonb NOT NULL DEFAULT '[]',
  ticket_ids             jsonb NOT NULL DEFAULT '[]',
  placed_at              timestamptz(3) NOT NULL,
  awaiting_payment_since timestamptz(3),
  paid_at                timestamptz(3),
  closed_at              timestamptz(3),
  updated_at             timestamptz(3) NOT NULL
);
CREATE INDEX orders_customer_id_placed_at_idx ON orders (customer_id, placed_at DESC, id DESC);
CREATE INDEX orders_status_awaiting_idx ON orders (status, awaiting_payment_since);

CREATE TABLE order_lines (
  order_id     uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  position     integer NOT NULL,
  concert_id   uuid NOT NULL,
  account_id   uuid NOT NULL,
  concert_name text NOT NULL,
  ticket_level text NOT NULL,
  level_name   text NOT NULL,
  quantity     integer NOT NULL,
  unit_price   bigint NOT NULL,
  currency     text NOT NULL,
  PRIMARY KEY (order_id, position)
);
CREATE INDEX order_lines_concert_id_idx ON order_lines (concert_id, order_id);
