import { z } from 'zod';
import { ALLOWANCE_REASON_MAX_LENGTH } from '../../domain/billing/billing-account-decisions';

// Shapes and JSON types only; the billing rules (amount > 0, the plan's currency, reason length)
// live in the domain and answer 422. The caps here keep hostile input cheap to refuse.

export const paymentMethodSchema = z
  .strictObject({
    paymentMethodId: z
      .string()
      .min(1)
      .max(255)
      .meta({ description: 'A Stripe payment method id (pm_…), e.g. from Stripe Elements', example: 'pm_card_visa' }),
  })
  .meta({ example: { paymentMethodId: 'pm_card_visa' } });

export const allowanceSchema = z
  .strictObject({
    amount: z.number().meta({ description: 'Integer minor units (cents), more than 0', example: 1500 }),
    currency: z.string().max(16).meta({ description: "ISO-4217 code: the account plan's currency", example: 'EUR' }),
    reason: z
      .string()
      .max(ALLOWANCE_REASON_MAX_LENGTH * 4)
      .meta({ description: `1 to ${ALLOWANCE_REASON_MAX_LENGTH} characters`, example: 'Outage on 3 November' }),
  })
  .meta({ example: { amount: 1500, currency: 'EUR', reason: 'Outage on 3 November' } });

export type AllowanceBody = z.infer<typeof allowanceSchema>;
