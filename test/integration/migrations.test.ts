import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  applyMigrations,
  ensureDatabase,
  MigrationChecksumError,
  migrationChecksum,
} from '../../src/infra/db/migrations';
import { MIGRATIONS_DIR } from '../support/paths';

const REPO_MIGRATIONS = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const urlFor = (database: string): string => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
};

async function withClient<T>(databaseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const errorOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('migrations runner', () => {
  const databases: string[] = [];
  const dirs: string[] = [];

  /** A database name nobody else uses; dropped after the file. */
  function newDatabaseName(): string {
    const name = `boxoffice_migr_${randomBytes(6).toString('hex')}`;
    databases.push(name);
    return name;
  }

  async function freshDatabase(): Promise<string> {
    const url = urlFor(newDatabaseName());
    expect(await ensureDatabase(url)).toBe(true);
    return url;
  }

  /** A copy of the repository's migrations that a test may change. */
  function migrationsCopy(): string {
    const dir = mkdtempSync(join(tmpdir(), 'boxoffice-migrations-'));
    dirs.push(dir);
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    return dir;
  }

  function addMigration(dir: string, name: string, sql: string): void {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }

  const rowsOf = (url: string) =>
    withClient(
      url,
      async (c) =>
        (await c.query<MigrationRow>('SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name')).rows,
    );

  const tableExists = (url: string, table: string) =>
    withClient(
      url,
      async (c) => (await c.query('SELECT to_regclass($1) AS t', [`public.${table}`])).rows[0].t !== null,
    );

  afterAll(async () => {
    await withClient(urlFor('postgres'), async (admin) => {
      for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('the repository has migrations to apply', () => {
    expect(REPO_MIGRATIONS.length).toBeGreaterThanOrEqual(2);
  });

  it('ensureDatabase creates a missing database once, and reports an existing one', async () => {
    const name = newDatabaseName();
    const url = urlFor(name);
    const exists = () =>
      withClient(
        urlFor('postgres'),
        async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount,
      );

    expect(await exists()).toBe(0);
    expect(await ensureDatabase(url)).toBe(true);
    expect(await exists()).toBe(1);
    expect(await ensureDatabase(url)).toBe(false);
    expect(await ensureDatabase(process.env.DATABASE_URL!)).toBe(false);
  });

  it('applies the repository’s migrations in order and records them the way Prisma does', async () => {
    const url = await freshDatabase();

    const result = await applyMigrations(url, MIGRATIONS_DIR);

    expect(result).toEqual({ applied: REPO_MIGRATIONS, alreadyApplied: [] });
    const rows = await rowsOf(url);
    expect(rows.map((r) => r.migration_name)).toEqual(REPO_MIGRATIONS);
    for (const row of rows) {
      const sql = readFileSync(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.id).toHaveLength(36);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.checksum).toBe(migrationChecksum(sql.toString('utf8')));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);

    // The table has Prisma's columns and types, so `prisma migrate` can take over this database.
    const columns = await withClient(url, async (c) => {
      const { rows: cols } = await c.query<{ column_name: string; data_type: string; is_nullable: string }>(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      return cols.map((col) => [col.column_name, col.data_type, col.is_nullable]);
    });
    expect(columns).toEqual([
      ['id', 'character varying', 'NO'],
      ['checksum', 'character varying', 'NO'],
      ['finished_at', 'timestamp with time zone', 'YES'],
      ['migration_name', 'character varying', 'NO'],
      ['logs', 'text', 'YES'],
      ['rolled_back_at', 'timestamp with time zone', 'YES'],
      ['started_at', 'timestamp with time zone', 'NO'],
      ['applied_steps_count', 'integer', 'NO'],
    ]);
    for (const table of ['events', 'rate_limit_counters', 'users', 'password_reset_requests', 'email_deliveries']) {
      expect(await tableExists(url, table)).toBe(true);
    }
  });

  it('applies nothing on a second run', async () => {
    const url = await freshDatabase();
    await applyMigrations(url, MIGRATIONS_DIR);
    const before = await rowsOf(url);

    const again = await applyMigrations(url, MIGRATIONS_DIR);

    expect(again).toEqual({ applied: [], alreadyApplied: REPO_MIGRATIONS });
    expect(await rowsOf(url)).toEqual(before);
  });

  it('applies each migration once when several runners start together', async () => {
    const url = await freshDatabase();

    const results = await Promise.all([1, 2, 3].map(() => applyMigrations(url, MIGRATIONS_DIR)));

    expect(results.flatMap((r) => r.applied).sort()).toEqual(REPO_MIGRATIONS);
    expect((await rowsOf(url)).map((r) => r.migration_name)).toEqual(REPO_MIGRATIONS);
  });

  it('refuses to run when an applied migration was modified, naming it, and changes nothing', async () => {
    const url = await freshDatabase();
    const dir = migrationsCopy();
    await applyMigrations(url, dir);
    const before = await rowsOf(url);
    const [modified] = REPO_MIGRATIONS;
    appendFileSync(join(dir, modified, 'migration.sql'), '\nCREATE TABLE "sneaked_in" ("id" INTEGER);\n');
    addMigration(dir, '29990101000000_pending', 'CREATE TABLE "pending_table" ("id" INTEGER);');

    const error = await errorOf(applyMigrations(url, dir));

    expect(error).toBeInstanceOf(MigrationChecksumError);
    expect((error as MigrationChecksumError).migration).toBe(modified);
    expect((error as Error).message).toContain(modified);
    expect(await rowsOf(url)).toEqual(before);
    expect(await tableExists(url, 'sneaked_in')).toBe(false);
    expect(await tableExists(url, 'pending_table')).toBe(false);

    // A one-byte change is enough, and restoring the file lets the pending migration through.
    writeFileSync(
      join(dir, modified, 'migration.sql'),
      `${readFileSync(join(MIGRATIONS_DIR, modified, 'migration.sql'))} `,
    );
    expect(await errorOf(applyMigrations(url, dir))).toBeInstanceOf(MigrationChecksumError);
    cpSync(join(MIGRATIONS_DIR, modified), join(dir, modified), { recursive: true });
    expect(await applyMigrations(url, dir)).toEqual({
      applied: ['29990101000000_pending'],
      alreadyApplied: REPO_MIGRATIONS,
    });
  });

  it('applies a migration added after the others on the next run', async () => {
    const url = await freshDatabase();
    const dir = migrationsCopy();
    await applyMigrations(url, dir);
    const name = '29990101000000_add_venues';
    const sql =
      'CREATE TABLE "venues" ("id" UUID PRIMARY KEY, "name" TEXT NOT NULL);\nCREATE INDEX "venues_name_idx" ON "venues" ("name");\n';
    addMigration(dir, name, sql);
    // A folder without migration.sql is not a migration.
    mkdirSync(join(dir, '29990202000000_not_a_migration'));

    const result = await applyMigrations(url, dir);

    expect(result).toEqual({ applied: [name], alreadyApplied: REPO_MIGRATIONS });
    expect(await tableExists(url, 'venues')).toBe(true);
    const rows = await rowsOf(url);
    expect(rows.map((r) => r.migration_name)).toEqual([...REPO_MIGRATIONS, name]);
    expect(rows[rows.length - 1]).toMatchObject({ checksum: migrationChecksum(sql), applied_steps_count: 1 });
    expect(await applyMigrations(url, dir)).toEqual({ applied: [], alreadyApplied: [...REPO_MIGRATIONS, name] });
  });

  it('rolls back a failing migration completely, records nothing for it, and names it in the error', async () => {
    const url = await freshDatabase();
    const dir = migrationsCopy();
    await applyMigrations(url, dir);
    const before = await rowsOf(url);
    const broken = '29990101000000_broken';
    const later = '29990102000000_later';
    addMigration(
      dir,
      broken,
      [
        'CREATE TABLE "half_done" ("id" INTEGER);',
        'INSERT INTO "half_done" VALUES (1);',
        'ALTER TABLE "events" ADD COLUMN "half_done_column" INTEGER;',
        'CREATE TABLE "never" ("id" INTEGER REFERENCES "no_such_table" ("id"));',
      ].join('\n'),
    );
    addMigration(dir, later, 'CREATE TABLE "after_broken" ("id" INTEGER);');

    const error = await errorOf(applyMigrations(url, dir));

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`Migration "${broken}" failed`);
    expect((error as Error).message).toContain('no_such_table');
    expect(await rowsOf(url)).toEqual(before);
    expect(await tableExists(url, 'half_done')).toBe(false);
    expect(await tableExists(url, 'after_broken')).toBe(false);
    const column = await withClient(url, (c) =>
      c.query(
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'half_done_column'`,
      ),
    );
    expect(column.rowCount).toBe(0);

    // Once fixed, it and the migrations after it apply.
    writeFileSync(join(dir, broken, 'migration.sql'), 'CREATE TABLE "half_done" ("id" INTEGER);');
    expect(await applyMigrations(url, dir)).toEqual({ applied: [broken, later], alreadyApplied: REPO_MIGRATIONS });
    expect(await tableExists(url, 'half_done')).toBe(true);
  });

  it('records a migration in the same transaction as its changes: no change survives a failed record', async () => {
    const url = await freshDatabase();
    const dir = migrationsCopy();
    await applyMigrations(url, dir);
    const before = await rowsOf(url);
    const name = '29990101000000_unrecordable';
    // The SQL itself succeeds, but from then on no migration can be recorded.
    addMigration(
      dir,
      name,
      'CREATE TABLE "applied_but_unrecorded" ("id" INTEGER);\n' +
        'ALTER TABLE "_prisma_migrations" ADD CONSTRAINT "no_more" CHECK (false) NOT VALID;',
    );

    const error = await errorOf(applyMigrations(url, dir));

    expect((error as Error).message).toContain(`Migration "${name}" failed`);
    expect(await rowsOf(url)).toEqual(before);
    expect(await tableExists(url, 'applied_but_unrecorded')).toBe(false);
  });
});
