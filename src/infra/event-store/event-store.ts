import { Prisma } from '../../generated/prisma/client';
import type { Db, Tx } from '../db/prisma';
import { ConcurrencyError, EventIdReuseError } from './errors';
import type { Projection } from './projection';
import {
  START_OF_ALL,
  type AllCheckpoint,
  type AppendResult,
  type EventMetadata,
  type RecordedEvent,
  type StreamAppend,
} from './types';
import { UpcasterRegistry } from './upcasters';

interface EventRow {
  position: bigint;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_type: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

const COLUMNS = Prisma.sql`position, transaction_id::text AS transaction_id, event_id, stream_id, stream_type,
  stream_version, type, schema_version, data, metadata, recorded_at`;
const UNIQUE_VIOLATION = '23505';
// Prisma's defaults (2 s to get a connection, 5 s to finish) are too tight under bursts of writers.
const TX_LIMITS = { maxWait: 10_000, timeout: 20_000 };

export interface EventStoreOptions {
  projections?: Projection[];
  upcasters?: UpcasterRegistry;
}

/**
 * Append-only event store on Postgres. Appends check each stream's expected version, are idempotent
 * by event id, may span several streams, and run the projections in the same transaction.
 */
export class EventStore {
  private readonly projections: Projection[];
  private readonly upcasters: UpcasterRegistry;

  constructor(
    private readonly db: Db,
    options: EventStoreOptions = {},
  ) {
    this.projections = options.projections ?? [];
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
  }

  /**
   * Appends to one or more streams atomically. `work`, when given, runs in the same transaction
   * after the events are written (for write-side state that must change with them).
   */
  async append(appends: StreamAppend[], work?: (tx: Tx) => Promise<void>): Promise<AppendResult> {
    const eventIds = appends.flatMap((a) => a.events.map((e) => e.eventId));
    if (eventIds.length === 0) throw new Error('append needs at least one event');
    try {
      return await this.db.$transaction((tx) => this.appendIn(tx, appends, work), TX_LIMITS);
    } catch (err) {
      if (!isUniqueViolation(err) && !(err instanceof ConcurrencyError)) throw err;
      // Someone else wrote first: these very events (then this call is a retry and succeeded
      // already), or other events at the versions we expected.
      const replay = await this.findExisting(this.db, eventIds);
      if (replay) return replay;
      if (err instanceof ConcurrencyError) throw err;
      throw await this.explainConflict(appends);
    }
  }

  /**
   * Appends inside a transaction the caller already holds. A retry of an append that committed
   * shows up as a version conflict (or, with 'any', a duplicate event id) and is recognised then,
   * so the common path costs one version read and one insert.
   */
  async appendIn(tx: Tx, appends: StreamAppend[], work?: (tx: Tx) => Promise<void>): Promise<AppendResult> {
    const current = await this.streamVersions(
      tx,
      appends.map((a) => a.streamId),
    );
    const rows: NewRow[] = [];
    const versions: Record<string, number> = {};
    for (const a of appends) {
      let version = versions[a.streamId] ?? current.get(a.streamId) ?? 0;
      if (versions[a.streamId] === undefined && a.expectedVersion !== 'any' && a.expectedVersion !== version) {
        const replay = await this.findExisting(
          tx,
          appends.flatMap((x) => x.events.map((e) => e.eventId)),
        );
        if (replay) return replay;
        throw new ConcurrencyError(a.streamId, a.expectedVersion, version);
      }
      for (const e of a.events) {
        version += 1;
        rows.push({
          eventId: e.eventId,
          streamId: a.streamId,
          streamType: a.streamType,
          version,
          type: e.type,
          schemaVersion: e.schemaVersion ?? this.upcasters.currentVersion(e.type),
          data: JSON.stringify(e.data),
          metadata: JSON.stringify(e.metadata ?? {}),
        });
      }
      versions[a.streamId] = version;
    }

    const inserted = await tx.$queryRaw<Array<{ position: bigint; transaction_id: string; recorded_at: Date }>>`
      INSERT INTO events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
      SELECT * FROM unnest(
        ${rows.map((r) => r.eventId)}::uuid[], ${rows.map((r) => r.streamId)}::text[],
        ${rows.map((r) => r.streamType)}::text[], ${rows.map((r) => r.version)}::int[],
        ${rows.map((r) => r.type)}::text[], ${rows.map((r) => r.schemaVersion)}::int[],
        ${rows.map((r) => r.data)}::jsonb[], ${rows.map((r) => r.metadata)}::jsonb[])
      RETURNING position, transaction_id::text AS transaction_id, recorded_at`;
    // Positions come from one sequence in row order, so sorting them restores the input order.
    const stored = [...inserted].sort((x, y) => (x.position < y.position ? -1 : 1));
    // Projections see exactly what a replay will read back: the JSON as stored, upcast if older.
    const recorded = rows.map((r, i) =>
      this.toRecorded({
        position: stored[i].position,
        transaction_id: stored[i].transaction_id,
        event_id: r.eventId,
        stream_id: r.streamId,
        stream_type: r.streamType,
        stream_version: r.version,
        type: r.type,
        schema_version: r.schemaVersion,
        data: JSON.parse(r.data),
        metadata: JSON.parse(r.metadata),
        recorded_at: stored[i].recorded_at,
      }),
    );
    await this.project(tx, recorded);
    if (work) await work(tx);
    const last = recorded[recorded.length - 1];
    return {
      appended: true,
      versions,
      lastPosition: last.position,
      checkpoint: { transactionId: last.transactionId, position: last.position },
    };
  }

  async readStream(streamId: string, options: { fromVersion?: number } = {}): Promise<RecordedEvent[]> {
    const rows = await this.db.$queryRaw<EventRow[]>`
      SELECT ${COLUMNS} FROM events WHERE stream_id = ${streamId} AND stream_version >= ${options.fromVersion ?? 1}
       ORDER BY stream_version`;
    return rows.map((r) => this.toRecorded(r));
  }

  /**
   * All events after a checkpoint, in the order they became safe to read: only transactions older
   * than every one still running, ordered by (transaction id, position). A consumer that stores the
   * last event's checkpoint therefore never skips an event, whatever order transactions commit in.
   * (A long-running write transaction anywhere on the server holds readers back until it ends.)
   * `client` lets a consumer read inside the transaction that also stores its checkpoint.
   */
  async readAll(after: AllCheckpoint = START_OF_ALL, limit = 1000, client: Tx = this.db): Promise<RecordedEvent[]> {
    const rows = await client.$queryRaw<EventRow[]>`
      SELECT ${COLUMNS} FROM events
       WHERE (transaction_id, position) > (${after.transactionId.toString()}::xid8, ${after.position})
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY events.transaction_id, events.position LIMIT ${limit}`;
    // Qualified on purpose: a bare `transaction_id` in ORDER BY names the select list's text copy, and
    // as text '100000' sorts before '99999', which would skip every event of the shorter ids for good.
    return rows.map((r) => this.toRecorded(r));
  }

  /** Runs the given projections over all events in position order (for the rebuild, under a table lock). */
  async replay(tx: Tx, projections: Projection[], batchSize = 1000): Promise<number> {
    let after = 0n;
    let count = 0;
    for (;;) {
      const rows = await tx.$queryRaw<EventRow[]>`
        SELECT ${COLUMNS} FROM events WHERE position > ${after} ORDER BY position LIMIT ${batchSize}`;
      if (rows.length === 0) return count;
      const events = rows.map((r) => this.toRecorded(r));
      await this.project(tx, events, projections);
      after = events[events.length - 1].position;
      count += events.length;
    }
  }

  private async project(tx: Tx, events: RecordedEvent[], projections = this.projections): Promise<void> {
    for (const event of events) {
      for (const p of projections) {
        if (p.handles.includes(event.type)) await p.apply(tx, event);
      }
    }
  }

  private async streamVersions(client: Tx, streamIds: string[]): Promise<Map<string, number>> {
    const rows = await client.$queryRaw<Array<{ stream_id: string; version: number }>>`
      SELECT stream_id, max(stream_version)::int AS version FROM events
       WHERE stream_id = ANY(${[...new Set(streamIds)]}::text[]) GROUP BY stream_id`;
    return new Map(rows.map((r) => [r.stream_id, r.version]));
  }

  /** After a lost race, names the stream whose expected version no longer holds. */
  private async explainConflict(appends: StreamAppend[]): Promise<ConcurrencyError> {
    const current = await this.streamVersions(
      this.db,
      appends.map((a) => a.streamId),
    );
    const seen = new Set<string>();
    for (const a of appends) {
      if (seen.has(a.streamId)) continue;
      seen.add(a.streamId);
      const actual = current.get(a.streamId) ?? 0;
      if (a.expectedVersion !== 'any' && a.expectedVersion !== actual) {
        return new ConcurrencyError(a.streamId, a.expectedVersion, actual);
      }
    }
    return new ConcurrencyError(appends[0].streamId, appends[0].expectedVersion, undefined);
  }

  /** When every event id is stored already, the append is a retry: report what was stored. */
  private async findExisting(client: Tx, eventIds: string[]): Promise<AppendResult | undefined> {
    const rows = await client.$queryRaw<
      Array<{ event_id: string; stream_id: string; stream_version: number; position: bigint; transaction_id: string }>
    >`
      SELECT event_id, stream_id, stream_version, position, transaction_id::text AS transaction_id
        FROM events WHERE event_id = ANY(${eventIds}::uuid[])`;
    if (rows.length === 0) return undefined;
    if (rows.length !== new Set(eventIds).size) throw new EventIdReuseError(rows.map((r) => r.event_id));
    const versions: Record<string, number> = {};
    let last = rows[0];
    for (const r of rows) {
      versions[r.stream_id] = Math.max(versions[r.stream_id] ?? 0, r.stream_version);
      if (r.position > last.position) last = r;
    }
    return {
      appended: false,
      versions,
      lastPosition: BigInt(last.position),
      checkpoint: { transactionId: BigInt(last.transaction_id), position: BigInt(last.position) },
    };
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const { schemaVersion, data } = this.upcasters.upcast(row.type, row.schema_version, row.data);
    return {
      position: BigInt(row.position),
      transactionId: BigInt(row.transaction_id),
      eventId: row.event_id,
      streamId: row.stream_id,
      streamType: row.stream_type,
      streamVersion: row.stream_version,
      type: row.type,
      schemaVersion,
      data,
      metadata: row.metadata ?? {},
      recordedAt: row.recorded_at,
    };
  }
}

interface NewRow {
  eventId: string;
  streamId: string;
  streamType: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
}

function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    const meta = err.meta as {
      code?: string;
      driverAdapterError?: { cause?: { originalCode?: string; kind?: string } };
    };
    return (
      err.code === 'P2002' ||
      meta?.code === UNIQUE_VIOLATION ||
      meta?.driverAdapterError?.cause?.originalCode === UNIQUE_VIOLATION ||
      meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation'
    );
  }
  return (err as { code?: string })?.code === UNIQUE_VIOLATION;
}
