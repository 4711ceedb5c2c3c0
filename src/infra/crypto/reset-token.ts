import { randomBytes } from 'node:crypto';
import { sha256 } from './sha256';

/**
 * A fresh random token (256 bits) for each reset email. It exists only in memory and in that email:
 * the activity that sends it records just its SHA-256 hash, so neither the database nor the
 * workflow history ever holds a usable token.
 */
export function generateResetToken(): string {
  return randomBytes(32).toString('base64url');
}

export const hashResetToken = sha256;
