import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../domain/identity/password-policy';
import { ROLES } from '../../domain/identity/roles';

// Length caps keep hostile input cheap to refuse; the password policy itself answers 422.
const email = z.email('must be an email address').max(254);
const password = z
  .string()
  .min(1)
  .max(PASSWORD_MAX_LENGTH * 4);

export const registerSchema = z.strictObject({
  email,
  password,
  name: z.string().trim().min(1, 'must not be empty').max(200),
});

export const loginSchema = z.strictObject({ email: z.string().max(254), password: z.string().max(1024) });

export const passwordResetRequestSchema = z.strictObject({ email });

export const passwordResetConfirmSchema = z.strictObject({
  token: z.string().min(1).max(256),
  newPassword: password,
});

export const roleChangeSchema = z.strictObject({ role: z.enum(ROLES) });
