// Money is an integer amount in minor units (cents) plus an ISO-4217 currency code.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export interface Money {
  amount: number;
  currency: string;
}

export const isCurrency = (code: string): boolean => /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);

/** Prices stay far below 2^53 so totals of many lines remain exact integers. */
export const MAX_PRICE_MINOR_UNITS = 10_000_000_000;

export const isMinorUnits = (amount: number): boolean => Number.isSafeInteger(amount) && amount >= 0;
