import { z } from 'zod';
import { PLAN_NAME_MAX_LENGTH } from '../../domain/accounts/plan-terms';

// The shape and JSON types of a request; the plan rules themselves (lengths, money, ISO codes,
// limits) live in the domain and answer 422 with a code naming the field. The caps here only keep
// hostile input cheap to refuse.
const terms = {
  name: z
    .string()
    .max(PLAN_NAME_MAX_LENGTH * 4)
    .meta({ description: `1 to ${PLAN_NAME_MAX_LENGTH} characters, trimmed`, example: 'Club' }),
  monthlyPrice: z.number().meta({ description: 'Integer minor units (cents), 0 or more', example: 4900 }),
  currency: z.string().max(16).meta({ description: 'ISO-4217 code', example: 'EUR' }),
  userLimit: z.number().meta({ description: 'Members an account may have, 1 or more', example: 5 }),
  totalSeats: z
    .number()
    .meta({ description: 'Ticket capacity an account may have on sale at once, 1 or more', example: 2000 }),
};

export const createPlanSchema = z
  .strictObject(terms)
  .meta({ example: { name: 'Club', monthlyPrice: 4900, currency: 'EUR', userLimit: 5, totalSeats: 2000 } });

export const updatePlanSchema = z
  .strictObject({
    name: terms.name.optional(),
    monthlyPrice: terms.monthlyPrice.optional(),
    currency: terms.currency.optional(),
    userLimit: terms.userLimit.optional(),
    totalSeats: terms.totalSeats.optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, {
    message: 'give at least one of name, monthlyPrice, currency, userLimit, totalSeats',
  })
  .meta({ example: { monthlyPrice: 5900, userLimit: 8 } });
