import { join } from 'node:path';
import { Client } from 'pg';
import { applyMigrations, ensureDatabase } from '../src/infra/db/migrations';
import { projectRoot } from './config';

export async function prepareDatabase(databaseUrl: string): Promise<void> {
  await ensureDatabase(databaseUrl);
  await applyMigrations(databaseUrl, join(projectRoot(), 'prisma', 'migrations'));
}

/** One short-lived admin connection for resets and checks, so it never competes with the measured pools. */
export async function withAdmin<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Empties the events table and flushes dirty pages, so every run starts from the same table size
 * and no checkpoint left over from the previous run lands in the middle of the next one.
 */
export async function resetEvents(databaseUrl: string): Promise<void> {
  await withAdmin(databaseUrl, async (client) => {
    await client.query('TRUNCATE events RESTART IDENTITY');
    // Needs superuser or pg_checkpoint; without it the run is only a little noisier.
    await client.query('CHECKPOINT').catch(() => undefined);
  });
}

export async function countEvents(databaseUrl: string): Promise<number> {
  return withAdmin(databaseUrl, async (client) => {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM events');
    return Number(rows[0].n);
  });
}
