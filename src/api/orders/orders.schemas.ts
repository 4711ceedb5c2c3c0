import { z } from 'zod';
import { parseDuration } from '../../config/duration';

const text = (max: number, example: string) => z.string().trim().min(1, 'must not be empty').max(max).meta({ example });

const address = z.strictObject({
  name: text(200, 'Ada Lovelace'),
  line1: text(200, 'Hauptstraße 1'),
  line2: z.string().trim().max(200).optional(),
  postalCode: text(20, '10115'),
  city: text(100, 'Berlin'),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO-3166 alpha-2 country code')
    .meta({ example: 'DE' }),
});

export const checkoutSchema = z.strictObject({
  paymentMethodId: z
    .string()
    .regex(/^pm_[A-Za-z0-9_]{1,200}$/, 'must be a Stripe payment method id (pm_…)')
    .meta({ description: 'A Stripe payment method id; in test mode e.g. pm_card_visa', example: 'pm_card_visa' }),
  delivery: z.discriminatedUnion('method', [
    z.strictObject({ method: z.literal('email') }),
    z.strictObject({ method: z.literal('courier'), address }),
  ]),
});

export type CheckoutBody = z.output<typeof checkoutSchema>;

export const stuckOrdersQuerySchema = z.strictObject({
  olderThan: z
    .string()
    .default('10m')
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms <= 0 || ms > 366 * 86_400_000) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration like 10m, 2h or 1d (at most 366d)' });
        return z.NEVER;
      }
      return ms;
    }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
