import { refuse } from '../shared/errors';

/** A billing period: one calendar month in UTC, written YYYY-MM. */
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isPeriod = (text: string): boolean => PERIOD.test(text);

export function requirePeriod(text: string): { year: number; month: number } {
  const match = PERIOD.exec(text);
  if (!match) return refuse('invalid', 'invalid_period', 'period must be a month written YYYY-MM');
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** The first instant of the period. */
export function periodStart(period: string): Date {
  const { year, month } = requirePeriod(period);
  return new Date(Date.UTC(year, month - 1, 1));
}

/** The first instant after the period. */
export function periodEnd(period: string): Date {
  const { year, month } = requirePeriod(period);
  return new Date(Date.UTC(year, month, 1));
}

/** The period `now` falls in. */
export function periodOf(now: Date): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Periods written YYYY-MM sort as text. */
export const comparePeriods = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** "November 2026", for invoices and emails. */
export function periodLabel(period: string): string {
  return periodStart(period).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
