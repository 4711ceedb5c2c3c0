import { checkPassword, PASSWORD_MAX_LENGTH } from '../../src/domain/identity/password-policy';

describe('password policy', () => {
  it.each([
    ['short1', 'password_too_short'],
    ['x1'.repeat(PASSWORD_MAX_LENGTH), 'password_too_long'],
    ['onlyletterspassword', 'password_needs_letter_and_non_letter'],
    ['12345678901234', 'password_needs_letter_and_non_letter'],
    ['Password123', 'password_too_common'],
  ])('refuses %p (%s)', (password, rule) => {
    expect(checkPassword(password)?.rule).toBe(rule);
  });

  it('refuses a password containing the local part of the email', () => {
    expect(checkPassword('my-jonathan-2026', { email: 'jonathan@example.test' })?.rule).toBe('password_contains_email');
  });

  it.each(['correct horse 9', 'Zürich-Konzert-7', 'tickets!and!more'])('accepts %p', (password) => {
    expect(checkPassword(password, { email: 'fan@example.test' })).toBeUndefined();
  });
});
