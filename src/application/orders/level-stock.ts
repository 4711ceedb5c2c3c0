import type { Tx } from '../../infra/db/prisma';
import { stockKey, type LevelStock } from '../../domain/orders/stock';

interface Row {
  concert_id: string;
  code: string;
  account_id: string;
  concert_name: string;
  level_name: string;
  price: bigint;
  currency: string;
  capacity: number;
  held: number;
  sold: number;
  on_sale: boolean;
}

/**
 * Reads and locks the stock of the given levels until the transaction ends. Rows are locked in one
 * fixed order (concert, level), so concurrent checkouts of overlapping carts queue instead of
 * deadlocking; the concert row is share-locked so a cancellation cannot slip in between.
 */
export async function lockLevelStock(
  tx: Tx,
  keys: Array<{ concertId: string; ticketLevel: string }>,
  now: Date,
): Promise<Map<string, LevelStock>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.$queryRaw<Row[]>`
    SELECT l.concert_id::text AS concert_id, l.code, c.account_id::text AS account_id, c.name AS concert_name,
           l.name AS level_name, l.price, l.currency, l.capacity, l.held, l.sold,
           (c.status = 'on_sale' AND c.starts_at > ${now}::timestamptz AND b.account_id IS NULL) AS on_sale
      FROM concert_ticket_levels l JOIN concerts c ON c.id = l.concert_id
      -- A suspended account's concerts stop selling (DOMAIN §10) until its unpaid invoice is paid.
      LEFT JOIN billing_accounts b ON b.account_id = c.account_id AND b.status = 'suspended'
     WHERE (l.concert_id, l.code) IN (
             SELECT * FROM unnest(${keys.map((k) => k.concertId)}::uuid[], ${keys.map((k) => k.ticketLevel)}::text[]))
     ORDER BY l.concert_id, l.code
       FOR NO KEY UPDATE OF l FOR SHARE OF c`;
  return new Map(
    rows.map((r) => [
      stockKey(r.concert_id, r.code),
      {
        concertId: r.concert_id,
        ticketLevel: r.code,
        accountId: r.account_id,
        concertName: r.concert_name,
        levelName: r.level_name,
        unitPrice: Number(r.price),
        currency: r.currency,
        capacity: r.capacity,
        held: r.held,
        sold: r.sold,
        onSale: r.on_sale,
      },
    ]),
  );
}
