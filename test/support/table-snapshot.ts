import type { Db } from '../../src/infra/db/prisma';

export type TableSnapshot = Record<string, Array<Record<string, unknown>>>;

/** Every row of each table, as JSON, ordered by primary key: two snapshots compare with toEqual. */
export async function snapshotTables(db: Db, tables: readonly string[]): Promise<TableSnapshot> {
  const result: TableSnapshot = {};
  for (const table of tables) {
    const keys = await db.$queryRaw<Array<{ column: string }>>`
      SELECT a.attname AS column
        FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = ${table}::regclass AND i.indisprimary
       ORDER BY array_position(i.indkey::int2[], a.attnum)`;
    if (keys.length === 0) throw new Error(`table ${table} has no primary key to order by`);
    const orderBy = keys.map((k) => `t."${k.column}"`).join(', ');
    const rows = await db.$queryRawUnsafe<Array<{ row: Record<string, unknown> }>>(
      `SELECT to_jsonb(t) AS row FROM "${table}" t ORDER BY ${orderBy}`,
    );
    result[table] = rows.map((r) => r.row);
  }
  return result;
}
