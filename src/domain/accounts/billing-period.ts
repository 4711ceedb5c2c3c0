/** A billing period is a calendar month in UTC, written YYYY-MM. */
export type BillingPeriod = string;

/** The period that starts on the first day of the month after `now` (UTC). */
export function nextBillingPeriod(now: Date): BillingPeriod {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}`;
}
