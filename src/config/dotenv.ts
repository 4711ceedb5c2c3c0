import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Loads `.env` from the working directory when there is one; variables already set win. */
export function loadDotEnv(dir = process.cwd()): void {
  const file = join(dir, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}
