import { join } from 'node:path';

export const PROJECT_ROOT = join(__dirname, '..', '..');
export const TOOLS_BIN = join(PROJECT_ROOT, '.tools', 'bin');
export const TEMPORAL_BIN = process.env.TEMPORAL_CLI_PATH ?? join(TOOLS_BIN, 'temporal');
export const STRIPE_MOCK_BIN = join(TOOLS_BIN, 'stripe-mock');
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'prisma', 'migrations');
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/boxoffice_test';
