import type { CatalogEntry } from './catalog-availability';

/** Whether checkout could sell a line as it stands, judged against the catalog right now. */
export type CartLineStatus =
  'ok' | 'not_enough_tickets' | 'concert_not_on_sale' | 'unknown_ticket_level' | 'concert_not_found';

export interface CartLineView {
  concertId: string;
  ticketLevel: string;
  /** Null when the catalog no longer knows the concert (or, for the level fields, the level). */
  concertName: string | null;
  levelName: string | null;
  unitPrice: number | null;
  currency: string | null;
  quantity: number;
  lineTotal: number | null;
  status: CartLineStatus;
}

export interface CartView {
  status: 'open' | 'merged';
  lines: CartLineView[];
  summary: {
    lineCount: number;
    /** Tickets in the cart: the sum of the lines' quantities. */
    itemCount: number;
    /** Money never mixes currencies: one total per currency, in minor units, sorted by currency. */
    totals: Array<{ currency: string; amount: number }>;
  };
}

/** Joins the cart's lines with what the catalog says about each; `entries` align with `lines`. */
export function buildCartView(
  status: CartView['status'],
  lines: Array<{ concertId: string; ticketLevel: string; quantity: number }>,
  entries: CatalogEntry[],
): CartView {
  const views = lines.map((line, i): CartLineView => {
    const { concert, level } = entries[i];
    return {
      concertId: line.concertId,
      ticketLevel: line.ticketLevel,
      concertName: concert?.name ?? null,
      levelName: level?.name ?? null,
      unitPrice: level?.price ?? null,
      currency: level?.currency ?? null,
      quantity: line.quantity,
      lineTotal: level ? level.price * line.quantity : null,
      status: lineStatus(entries[i], line.quantity),
    };
  });
  const totals = new Map<string, number>();
  for (const line of views) {
    if (line.currency !== null && line.lineTotal !== null) {
      totals.set(line.currency, (totals.get(line.currency) ?? 0) + line.lineTotal);
    }
  }
  return {
    status,
    lines: views,
    summary: {
      lineCount: views.length,
      itemCount: views.reduce((sum, l) => sum + l.quantity, 0),
      totals: [...totals.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amount]) => ({ currency, amount })),
    },
  };
}

function lineStatus({ concert, level }: CatalogEntry, quantity: number): CartLineStatus {
  if (!concert) return 'concert_not_found';
  if (!level) return 'unknown_ticket_level';
  if (!concert.onSale) return 'concert_not_on_sale';
  return quantity > level.available ? 'not_enough_tickets' : 'ok';
}

export const EMPTY_CART: CartView = {
  status: 'open',
  lines: [],
  summary: { lineCount: 0, itemCount: 0, totals: [] },
};
