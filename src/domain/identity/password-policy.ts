import { DomainError } from '../shared/errors';

export const PASSWORD_MIN_LENGTH = 10;
// Bounded so a huge password cannot make the slow KDF a denial-of-service lever.
export const PASSWORD_MAX_LENGTH = 128;

const COMMON_PASSWORDS = new Set([
  'password123',
  'password1234',
  '1234567890',
  '12345678910',
  'qwertyuiop',
  'qwerty12345',
  'iloveyou123',
  'letmein1234',
  'welcome1234',
  'administrator',
  'passw0rd123',
  'abc1234567',
]);

export interface PasswordRuleViolation {
  rule: string;
  message: string;
}

/** Returns the first rule a password breaks, or undefined when it is acceptable. */
export function checkPassword(password: string, context: { email?: string } = {}): PasswordRuleViolation | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { rule: 'password_too_short', message: `Password must be at least ${PASSWORD_MIN_LENGTH} characters` };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { rule: 'password_too_long', message: `Password must be at most ${PASSWORD_MAX_LENGTH} characters` };
  }
  if (!/\p{L}/u.test(password) || !/[^\p{L}]/u.test(password)) {
    return {
      rule: 'password_needs_letter_and_non_letter',
      message: 'Password must contain at least one letter and one digit or symbol',
    };
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    return { rule: 'password_too_common', message: 'Password is too common' };
  }
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) {
    return { rule: 'password_contains_email', message: 'Password must not contain your email address' };
  }
  return undefined;
}

export function assertPasswordAcceptable(password: string, context: { email?: string } = {}): void {
  const violation = checkPassword(password, context);
  if (violation) throw new DomainError('invalid', violation.rule, violation.message);
}
