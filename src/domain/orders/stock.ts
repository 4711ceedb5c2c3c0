import type { InventoryLine, SoldOutLine } from './order-events';

/** One ticket level as checkout sees it while holding: price, names and the counts under lock. */
export interface LevelStock {
  concertId: string;
  ticketLevel: string;
  accountId: string;
  concertName: string;
  levelName: string;
  unitPrice: number;
  currency: string;
  capacity: number;
  held: number;
  sold: number;
  /** Not cancelled and not started. */
  onSale: boolean;
}

export const stockKey = (concertId: string, ticketLevel: string): string => `${concertId}/${ticketLevel}`;

export const availableOf = (stock: LevelStock): number => Math.max(stock.capacity - stock.held - stock.sold, 0);

/**
 * The lines that cannot be held from this stock. Quantities of one level are summed first, so two
 * lines can never together take more than is there.
 */
export function soldOutLines(lines: InventoryLine[], stock: ReadonlyMap<string, LevelStock>): SoldOutLine[] {
  const wanted = new Map<string, InventoryLine>();
  for (const line of lines) {
    const key = stockKey(line.concertId, line.ticketLevel);
    const seen = wanted.get(key);
    wanted.set(key, seen ? { ...seen, quantity: seen.quantity + line.quantity } : line);
  }
  return [...wanted.entries()]
    .map(([key, line]) => ({ line, available: availableOf(stock.get(key)!) }))
    .filter(({ line, available }) => line.quantity > available)
    .map(({ line, available }) => ({
      concertId: line.concertId,
      ticketLevel: line.ticketLevel,
      requested: line.quantity,
      available,
    }));
}
