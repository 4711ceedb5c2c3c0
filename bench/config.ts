import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const QUICK = process.env.BENCH_QUICK === '1';

/** A positive integer from the environment, with separate defaults for full and quick runs. */
export function envCount(name: string, full: number, quick: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return QUICK ? quick : full;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** A comma-separated list of positive integers, e.g. BENCH_WRITERS=1,8,32. */
export function envCounts(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return raw.split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must list positive integers, got "${raw}"`);
    return value;
  });
}

/** The checkout root, found from the file's location so the bench runs the same from src or dist. */
export function projectRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'prisma', 'migrations'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No project root (package.json + prisma/migrations) above ${from}`);
  }
}

/** The bench's own database on the application's server, so runs never touch dev or test data. */
export function benchDatabaseUrl(): string {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const url = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/boxoffice');
  url.pathname = '/boxoffice_bench';
  return url.toString();
}
