import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { sha256 } from '../crypto/sha256';

// Prisma's own schema engine cannot be downloaded here, so this runner applies the SQL files in
// Prisma's layout and records them exactly as `prisma migrate deploy` does (same table, sha256
// checksums, same advisory lock), which keeps the two interchangeable. It uses `pg` directly
// because migration files hold several statements, which Prisma's raw queries do not accept.

const PRISMA_ADVISORY_LOCK = 72707369;

export class MigrationChecksumError extends Error {
  constructor(readonly migration: string) {
    super(
      `Migration "${migration}" was modified after it was applied to this database. ` +
        'Applied migrations are immutable: restore the file and add a new migration instead.',
    );
    this.name = 'MigrationChecksumError';
  }
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export function migrationChecksum(sql: string): string {
  return sha256(sql);
}

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unsupported database name "${name}" in DATABASE_URL`);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } catch (err) {
      // Two set-ups racing to create the same database: the other one won, which is fine.
      if ((err as { code?: string }).code !== '42P04') throw err;
    }
    return true;
  } finally {
    await admin.end();
  }
}

export async function applyMigrations(databaseUrl: string, migrationsDir: string): Promise<MigrationResult> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    const migrations = listMigrations(migrationsDir).map((name) => {
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: migrationChecksum(sql) };
    });
    // Every applied migration is checked before anything runs, so a tampered one stops the whole run.
    for (const { name, checksum } of migrations) {
      const known = applied.get(name);
      if (known !== undefined && known !== checksum) throw new MigrationChecksumError(name);
    }

    for (const { name, sql, checksum } of migrations) {
      if (applied.has(name)) {
        result.alreadyApplied.push(name);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Migration "${name}" failed: ${(err as Error).message}`, { cause: err });
      }
      result.applied.push(name);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}

function listMigrations(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();
}
