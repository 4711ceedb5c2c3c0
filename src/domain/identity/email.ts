/** Emails are unique case-insensitively: every comparison goes through this. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
