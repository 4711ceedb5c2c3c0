import { Client } from 'pg';

/**
 * Drops the test database so every run starts from no events at all: results never depend on what
 * earlier runs left, and replaying every event (the rebuild tests) stays as fast as the first time.
 * Only a database whose name says it is for tests is ever dropped.
 */
export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]*test[A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`Refusing to drop "${name}": the test database's name must contain "test"`);
  }
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
