import { z } from 'zod';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../domain/accounts/account-decisions';
import { uuidSchema } from '../common/uuid';

// Shape and JSON types only; account rules (name length, limits) answer 422 from the domain.
const planId = uuidSchema.meta({ example: '5b0c4d8e-2f7a-4c1e-9b3d-6a8f0e1c2d34' });

export const openAccountSchema = z
  .strictObject({
    name: z
      .string()
      .max(ACCOUNT_NAME_MAX_LENGTH * 4)
      .meta({ description: `1 to ${ACCOUNT_NAME_MAX_LENGTH} characters, trimmed`, example: 'Blue Note Promotions' }),
    planId,
  })
  .meta({ example: { name: 'Blue Note Promotions', planId: '5b0c4d8e-2f7a-4c1e-9b3d-6a8f0e1c2d34' } });

export const addMemberSchema = z
  .strictObject({
    userId: uuidSchema.optional(),
    email: z.email('must be an email address').max(254).optional(),
    role: z.enum(['owner', 'staff']),
  })
  .refine((m) => (m.userId === undefined) !== (m.email === undefined), {
    message: 'give exactly one of userId or email',
  })
  .meta({ example: { email: 'grace@example.com', role: 'staff' } });

export const schedulePlanChangeSchema = z
  .strictObject({ planId })
  .meta({ example: { planId: '5b0c4d8e-2f7a-4c1e-9b3d-6a8f0e1c2d34' } });
