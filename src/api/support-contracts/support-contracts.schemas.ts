import { z } from 'zod';
import { isCurrency, MAX_PRICE_MINOR_UNITS } from '../../domain/shared/money';
import {
  MAX_RESPONSE_TIME_HOURS,
  SUPPORT_CONTRACT_CODE_PATTERN,
  SUPPORT_CONTRACT_DESCRIPTION_MAX_LENGTH,
  SUPPORT_CONTRACT_NAME_MAX_LENGTH,
} from '../../domain/support-contracts/support-contract-terms';

// Every rule of a contract's fields is checked here, so malformed input answers 400 naming the field;
// the domain checks the same rules again for callers other than the API.
const terms = {
  name: z
    .string()
    .refine((s) => s.trim().length >= 1 && s.trim().length <= SUPPORT_CONTRACT_NAME_MAX_LENGTH, {
      message: `must be 1 to ${SUPPORT_CONTRACT_NAME_MAX_LENGTH} characters`,
    })
    .meta({ description: `1 to ${SUPPORT_CONTRACT_NAME_MAX_LENGTH} characters, trimmed`, example: 'Business' }),
  description: z
    .string()
    .max(SUPPORT_CONTRACT_DESCRIPTION_MAX_LENGTH)
    .meta({
      description: `At most ${SUPPORT_CONTRACT_DESCRIPTION_MAX_LENGTH} characters, trimmed`,
      example: 'Phone and email support on working days',
    }),
  monthlyPrice: z
    .strictObject({
      amount: z
        .number()
        .int('must be a whole number of minor units')
        .min(0)
        .max(MAX_PRICE_MINOR_UNITS)
        .meta({ description: 'Integer minor units (cents), 0 or more', example: 9900 }),
      currency: z
        .string()
        .refine(isCurrency, { message: 'must be an ISO-4217 code such as EUR' })
        .meta({ description: 'ISO-4217 code', example: 'EUR' }),
    })
    .meta({ description: 'The monthly price', example: { amount: 9900, currency: 'EUR' } }),
  responseTimeHours: z
    .number()
    .int('must be a whole number of hours')
    .min(1)
    .max(MAX_RESPONSE_TIME_HOURS)
    .meta({ description: `How soon support answers, 1 to ${MAX_RESPONSE_TIME_HOURS} hours`, example: 8 }),
};

export const createSupportContractSchema = z
  .strictObject({
    code: z
      .string()
      .regex(SUPPORT_CONTRACT_CODE_PATTERN, {
        message: 'must be 2 to 32 upper-case letters, digits, "-" or "_", starting with a letter or digit',
      })
      .meta({ description: 'Unique, upper case, never changes', example: 'BUSINESS' }),
    ...terms,
    description: terms.description.default(''),
  })
  .meta({
    example: {
      code: 'BUSINESS',
      name: 'Business',
      description: 'Phone and email support on working days',
      monthlyPrice: { amount: 9900, currency: 'EUR' },
      responseTimeHours: 8,
    },
  });
export type CreateSupportContractBody = z.infer<typeof createSupportContractSchema>;

export const reviseSupportContractSchema = z
  .strictObject({
    name: terms.name.optional(),
    description: terms.description.optional(),
    monthlyPrice: terms.monthlyPrice.optional(),
    responseTimeHours: terms.responseTimeHours.optional(),
  })
  .refine((changes) => Object.values(changes).some((v) => v !== undefined), {
    message: 'give at least one of name, description, monthlyPrice, responseTimeHours (the code never changes)',
  })
  .meta({ example: { monthlyPrice: { amount: 10900, currency: 'EUR' }, responseTimeHours: 4 } });
export type ReviseSupportContractBody = z.infer<typeof reviseSupportContractSchema>;
