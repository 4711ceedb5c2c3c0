import { refuse } from '../shared/errors';
import { MAX_PRICE_MINOR_UNITS, isCurrency } from '../shared/money';

/** One way into a concert: a price (integer minor units of `currency`) and how many tickets exist. */
export interface TicketLevel {
  code: string;
  name: string;
  price: number;
  currency: string;
  capacity: number;
}

/** Bigger than any venue; keeps capacities well inside what counters can hold. */
export const MAX_LEVEL_CAPACITY = 1_000_000;

/**
 * The rules a concert's ticket levels obey (DOMAIN §2). Each refusal names the invariant in its code
 * and the field in its message. Codes are compared case-insensitively, so no two levels differ only
 * by case. Returns copies holding only the known fields.
 */
export function checkTicketLevels(levels: readonly TicketLevel[]): TicketLevel[] {
  if (levels.length === 0) {
    return refuse('invalid', 'ticket_levels_required', 'ticketLevels must hold at least one ticket level');
  }
  const seen = new Map<string, number>();
  levels.forEach((level, i) => {
    const at = `ticketLevels.${i}`;
    const first = seen.get(level.code.toLowerCase());
    if (first !== undefined) {
      refuse(
        'invalid',
        'duplicate_ticket_level_code',
        `${at}.code: "${level.code}" is already used by ticketLevels.${first}`,
      );
    }
    seen.set(level.code.toLowerCase(), i);
    if (level.price < 0) refuse('invalid', 'negative_price', `${at}.price must not be negative`);
    if (!Number.isSafeInteger(level.price)) {
      refuse('invalid', 'price_not_minor_units', `${at}.price must be a whole number of minor units (e.g. cents)`);
    }
    if (level.price > MAX_PRICE_MINOR_UNITS) {
      refuse('invalid', 'price_too_large', `${at}.price must be at most ${MAX_PRICE_MINOR_UNITS} minor units`);
    }
    if (!isCurrency(level.currency)) {
      refuse('invalid', 'invalid_currency', `${at}.currency must be an ISO-4217 code such as EUR`);
    }
    if (level.capacity < 0) refuse('invalid', 'negative_capacity', `${at}.capacity must not be negative`);
    if (!Number.isSafeInteger(level.capacity)) {
      refuse('invalid', 'capacity_not_whole_number', `${at}.capacity must be a whole number of tickets`);
    }
    if (level.capacity > MAX_LEVEL_CAPACITY) {
      refuse('invalid', 'capacity_too_large', `${at}.capacity must be at most ${MAX_LEVEL_CAPACITY}`);
    }
  });
  return levels.map(({ code, name, price, currency, capacity }) => ({ code, name, price, currency, capacity }));
}

export const totalCapacity = (levels: readonly TicketLevel[]): number =>
  levels.reduce((sum, level) => sum + level.capacity, 0);
