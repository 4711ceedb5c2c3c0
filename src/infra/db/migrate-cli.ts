import { join } from 'node:path';
import { loadDatabaseUrl } from '../../config/config';
import { loadDotEnv } from '../../config/dotenv';
import { applyMigrations, ensureDatabase } from './migrations';

/** `node dist/src/infra/db/migrate-cli.js`: creates the database if needed and applies pending migrations. */
async function main(): Promise<void> {
  loadDotEnv();
  const databaseUrl = loadDatabaseUrl();
  const created = await ensureDatabase(databaseUrl);
  const dir = join(__dirname, '..', '..', '..', '..', 'prisma', 'migrations');
  const { applied, alreadyApplied } = await applyMigrations(databaseUrl, dir);
  const db = new URL(databaseUrl).pathname.slice(1);
  console.log(
    `database ${db}: ${created ? 'created, ' : ''}${applied.length} migration(s) applied, ${alreadyApplied.length} already applied`,
  );
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
