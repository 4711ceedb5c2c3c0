// What the catalog says about one concert's ticket level at the moment of a cart command. The
// deciders take it as input, so cart rules stay pure and the catalog stays the catalog's business.
export type TicketLevelFacts =
  { kind: 'unknown_concert' } | { kind: 'unknown_level' } | { kind: 'level'; onSale: boolean; available: number };

/** The key of a line (and of the facts about its level) within one cart. */
export const lineKey = (concertId: string, ticketLevel: string): string => `${concertId}/${ticketLevel}`;
