import { Pool } from 'pg';
import { createDb } from '../../src/infra/db/prisma';
import { ConcurrencyError } from '../../src/infra/event-store/errors';
import { EventStore } from '../../src/infra/event-store/event-store';
import type { StreamAppend } from '../../src/infra/event-store/types';

/** One implementation under test, holding at most `connections` database connections. */
export interface AppendTarget {
  impl: string;
  append(op: StreamAppend): Promise<void>;
  isConflict(err: unknown): boolean;
  close(): Promise<void>;
}

export function eventStoreTarget(databaseUrl: string, connections: number): AppendTarget {
  const db = createDb(databaseUrl, { maxConnections: connections });
  const store = new EventStore(db);
  return {
    impl: 'EventStore',
    append: async (op) => {
      await store.append([op]);
    },
    isConflict: (err) => err instanceof ConcurrencyError,
    close: () => db.$disconnect(),
  };
}

const INSERT_ONE = `INSERT INTO events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

const INSERT_MANY = `INSERT INTO events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[])`;

/**
 * The floor to compare against: the same rows and columns written with one auto-committed statement
 * per append, with no version check, no idempotency lookup and no transaction around it.
 */
export function rawPgTarget(databaseUrl: string, connections: number): AppendTarget {
  const pool = new Pool({ connectionString: databaseUrl, max: connections });
  return {
    impl: 'raw pg',
    append: async (op) => {
      const expected = op.expectedVersion === 'any' ? 0 : op.expectedVersion;
      const cols = columns(op, expected);
      if (op.events.length === 1) {
        await pool.query(
          INSERT_ONE,
          cols.map((c) => c[0]),
        );
      } else {
        await pool.query(INSERT_MANY, cols);
      }
    },
    isConflict: (err) => (err as { code?: string }).code === '23505',
    close: () => pool.end(),
  };
}

function columns(op: StreamAppend, expected: number): Array<Array<string | number>> {
  const { events } = op;
  return [
    events.map((e) => e.eventId),
    events.map(() => op.streamId),
    events.map(() => op.streamType),
    events.map((_, i) => expected + i + 1),
    events.map((e) => e.type),
    events.map((e) => e.schemaVersion ?? 1),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata ?? {})),
  ];
}
