import { z } from 'zod';

/** A billing period, `YYYY-MM` (a UTC calendar month). */
export const periodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');

// The month's shape is a business rule here (422 invalid_period, like a future month); only the
// JSON shape is checked at the door.
export const startBillingRunSchema = z.strictObject({
  period: z.string().max(20).meta({ description: 'The month to bill, YYYY-MM', example: '2026-10' }),
});
