import { randomBytes, randomUUID } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createDb, type Db, type Tx } from '../../src/infra/db/prisma';
import { ConcurrencyError, EventIdReuseError } from '../../src/infra/event-store/errors';
import { EventStore } from '../../src/infra/event-store/event-store';
import type { Projection } from '../../src/infra/event-store/projection';
import {
  START_OF_ALL,
  type AllCheckpoint,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type StreamAppend,
} from '../../src/infra/event-store/types';
import { UpcasterRegistry } from '../../src/infra/event-store/upcasters';

const STREAM_TYPE = 'event-store-test';
const TYPE = 'EventStoreTestHappened';
// A table of its own for the test projection, so parallel runs never see each other's rows.
const TABLE = `event_store_test_projection_${randomBytes(6).toString('hex')}`;

const newStreamId = (): string => `event-store-test-${randomUUID()}`;
const newEvent = (data: Record<string, unknown> = {}, type = TYPE): NewEvent => ({ eventId: randomUUID(), type, data });
const toStream = (streamId: string, expectedVersion: ExpectedVersion, events: NewEvent[]): StreamAppend => ({
  streamId,
  streamType: STREAM_TYPE,
  expectedVersion,
  events,
});

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Settles a promise into a value, so a rejection can be inspected instead of going unhandled. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };
const outcomeOf = <T>(promise: Promise<T>): Promise<Outcome<T>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

async function poll<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits for `promise` to settle, but no longer than `ms`. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

class Rollback extends Error {}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);

/**
 * A TCP relay between a client and Postgres that forwards everything, except that it stops the
 * client's traffic at the first query whose text contains `marker` until `release()` is called.
 * This lets a test commit another transaction at an exact point between two of a client's queries.
 */
class PausingRelay {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly paused = deferred<void>();
  private resume: (() => void) | undefined;
  private armed = true;

  private constructor(
    private readonly target: { host: string; port: number },
    private readonly marker: string,
  ) {
    this.server = createServer((client) => this.relay(client));
  }

  static async start(databaseUrl: string, marker: string): Promise<{ relay: PausingRelay; url: string }> {
    const target = new URL(databaseUrl);
    const relay = new PausingRelay({ host: target.hostname, port: Number(target.port || 5432) }, marker);
    await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String((relay.server.address() as AddressInfo).port);
    return { relay, url: url.toString() };
  }

  /** Resolves once a query with the marker has reached the relay and is being held back. */
  whenPaused(): Promise<void> {
    return this.paused.promise;
  }

  release(): void {
    this.resume?.();
  }

  async close(): Promise<void> {
    this.release();
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => (socket === client ? upstream : client).destroy());
    }
    upstream.pipe(client);
    let buffer = Buffer.alloc(0);
    let startup = true;
    let mode: 'parsing' | 'holding' | 'passing' = 'parsing';
    const held: Buffer[] = [];
    client.on('data', (chunk: Buffer) => {
      if (mode === 'passing') return void upstream.write(chunk);
      if (mode === 'holding') return void held.push(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      // Frontend messages: the untyped start-up (and SSL/GSS requests) first, then type byte + length.
      for (;;) {
        const header = startup ? 0 : 1;
        if (buffer.length < header + 4) return;
        const size = header + buffer.readInt32BE(header);
        if (buffer.length < size) return;
        const message = buffer.subarray(0, size);
        buffer = buffer.subarray(size);
        if (startup) startup = size === 8; // an SSL or GSS encryption request precedes the real start-up
        if (this.armed && !startup && message[0] === 0x50 /* Parse */ && message.includes(this.marker)) {
          this.armed = false;
          mode = 'holding';
          held.push(message, buffer);
          this.resume = () => {
            // From here on the relay only forwards: nothing needs to be understood any more.
            for (const part of held.splice(0)) upstream.write(part);
            mode = 'passing';
          };
          this.paused.resolve();
          return;
        }
        upstream.write(message);
      }
    });
  }
}

/** A transaction held open until the test commits or rolls it back. */
interface OpenTransaction<T> {
  value: T;
  tx: Tx;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

describe('event store on Postgres', () => {
  let db: Db;
  let store: EventStore;
  const open: Array<OpenTransaction<unknown>> = [];

  async function openTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<OpenTransaction<T>> {
    const ready = deferred<{ value: T; tx: Tx }>();
    const finish = deferred<'commit' | 'rollback'>();
    const done = outcomeOf(
      db.$transaction(
        async (tx) => {
          ready.resolve({ value: await fn(tx), tx });
          if ((await finish.promise) === 'rollback') throw new Rollback();
        },
        { maxWait: 10_000, timeout: 30_000 },
      ),
    );
    const started = await Promise.race([ready.promise, done]);
    if ('ok' in started) throw started.ok ? new Error('transaction ended before it was ready') : started.error;
    const end = async (how: 'commit' | 'rollback') => {
      finish.resolve(how);
      const result = await done;
      if (!result.ok && !(result.error instanceof Rollback)) throw result.error;
    };
    const handle: OpenTransaction<T> = {
      ...started,
      commit: () => end('commit'),
      rollback: () => end('rollback'),
    };
    open.push(handle as OpenTransaction<unknown>);
    return handle;
  }

  /** Waits until some other backend is blocked on a lock held by the open transaction. */
  async function waitForWaiterOn(holder: OpenTransaction<unknown>): Promise<void> {
    const [{ pid }] = await holder.tx.$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS pid`;
    await poll(async () => {
      const [{ n }] = await db.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`;
      return n > 0 ? true : undefined;
    }, 'a writer blocked on the open transaction');
  }

  async function storedEventIds(eventIds: string[], client: Pick<Tx, '$queryRaw'> = db): Promise<string[]> {
    const rows = await client.$queryRaw<Array<{ event_id: string }>>`
      SELECT event_id::text AS event_id FROM events WHERE event_id = ANY(${eventIds}::uuid[]) ORDER BY position`;
    return rows.map((r) => r.event_id);
  }

  async function projectedEventIds(eventIds: string[], client: Pick<Tx, '$queryRawUnsafe'> = db): Promise<string[]> {
    const rows = await client.$queryRawUnsafe<Array<{ event_id: string }>>(
      `SELECT event_id::text AS event_id FROM "${TABLE}" WHERE event_id = ANY($1::uuid[]) ORDER BY seq`,
      eventIds,
    );
    return rows.map((r) => r.event_id);
  }

  /** A read model of its own: one row per event it handles, with the data it was given. */
  function recordingProjection(
    options: { failOn?: (event: RecordedEvent) => boolean; type?: string } = {},
  ): Projection {
    return {
      name: 'event-store-test-recording',
      tables: [TABLE],
      handles: [options.type ?? TYPE],
      async apply(tx, event) {
        await tx.$executeRawUnsafe(
          `INSERT INTO "${TABLE}" (event_id, stream_id, schema_version, data) VALUES ($1::uuid, $2, $3, $4::jsonb)`,
          event.eventId,
          event.streamId,
          event.schemaVersion,
          JSON.stringify(event.data),
        );
        if (options.failOn?.(event)) throw new Error(`projection refused ${event.eventId}`);
      },
    };
  }

  /** The checkpoint of the last event committed so far: where a consumer that starts now begins. */
  async function headCheckpoint(): Promise<AllCheckpoint> {
    const rows = await db.$queryRaw<Array<{ tx: string; position: bigint }>>`
      SELECT transaction_id::text AS tx, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1`;
    return rows.length ? { transactionId: BigInt(rows[0].tx), position: BigInt(rows[0].position) } : START_OF_ALL;
  }
  const checkpointOf = (e: RecordedEvent): AllCheckpoint => ({ transactionId: e.transactionId, position: e.position });

  /**
   * A consumer that runs after commit: reads from its checkpoint, moves the checkpoint to the last
   * position it was given, and remembers the events of the streams it watches.
   */
  class CheckpointingConsumer {
    readonly seen: RecordedEvent[] = [];
    constructor(
      private readonly streams: string[],
      public checkpoint: AllCheckpoint,
    ) {}

    async poll(): Promise<void> {
      const batch = await store.readAll(this.checkpoint);
      if (batch.length === 0) return;
      this.checkpoint = checkpointOf(batch[batch.length - 1]);
      this.seen.push(...batch.filter((e) => this.streams.includes(e.streamId)));
    }

    /** Polls until it has seen `count` events of its streams (or the time is up). */
    async catchUp(count: number, timeoutMs = 5_000): Promise<RecordedEvent[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await this.poll();
        if (this.seen.length >= count || Date.now() > deadline) return this.seen;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  beforeAll(async () => {
    db = createDb(process.env.DATABASE_URL!);
    store = new EventStore(db);
    await db.$executeRawUnsafe(
      `CREATE TABLE "${TABLE}" (seq BIGSERIAL, event_id UUID PRIMARY KEY, stream_id TEXT NOT NULL,
        schema_version INTEGER NOT NULL, data JSONB NOT NULL)`,
    );
  });

  afterEach(async () => {
    // A failed test must not leave a transaction holding locks (or back the snapshot xmin) for the next one.
    await Promise.allSettled(open.splice(0).map((t) => t.rollback()));
  });

  afterAll(async () => {
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "${TABLE}"`);
    await db.$disconnect();
  });

  describe('optimistic concurrency', () => {
    it.each([2, 8])(
      'lets exactly one of %i concurrent appenders with the same expected version win, 20 times over',
      async (appenders) => {
        for (let round = 0; round < 20; round++) {
          const streamId = newStreamId();
          const first = newEvent({ round });
          await store.append([toStream(streamId, 0, [first])]);
          const contenders = Array.from({ length: appenders }, (_, i) => newEvent({ round, contender: i }));

          const results = await Promise.allSettled(contenders.map((e) => store.append([toStream(streamId, 1, [e])])));

          const won = results.flatMap((r, i) =>
            r.status === 'fulfilled' ? [{ result: r.value, event: contenders[i] }] : [],
          );
          const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
          expect(won).toHaveLength(1);
          expect(won[0].result).toMatchObject({ appended: true, versions: { [streamId]: 2 } });
          expect(lost).toHaveLength(appenders - 1);
          for (const error of lost) {
            expect(error).toBeInstanceOf(ConcurrencyError);
            expect(error).toMatchObject({ streamId, expectedVersion: 1 });
          }
          const stream = await store.readStream(streamId);
          expect(stream.map((e) => [e.streamVersion, e.eventId])).toEqual([
            [1, first.eventId],
            [2, won[0].event.eventId],
          ]);
          expect(stream[1].data).toEqual(won[0].event.data);
        }
      },
    );

    it('reports a ConcurrencyError when the winner commits while the loser is already inserting', async () => {
      const streamId = newStreamId();
      const winner = newEvent({ who: 'winner' });
      const loser = newEvent({ who: 'loser' });
      const held = await openTransaction((tx) => store.appendIn(tx, [toStream(streamId, 0, [winner])]));

      // The loser reads version 0 (the winner is uncommitted), inserts version 1 and waits on the winner.
      const losing = outcomeOf(store.append([toStream(streamId, 0, [loser])]));
      await waitForWaiterOn(held);
      await held.commit();

      const outcome = await losing;
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && outcome.error).toBeInstanceOf(ConcurrencyError);
      expect(!outcome.ok && outcome.error).toMatchObject({ streamId, expectedVersion: 0 });
      expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual([winner.eventId]);
    });

    it('rejects an expected version that is behind the stream, naming the actual version', async () => {
      const streamId = newStreamId();
      await store.append([toStream(streamId, 0, [newEvent(), newEvent()])]);
      const late = newEvent();

      const error = await store.append([toStream(streamId, 1, [late])]).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ streamId, expectedVersion: 1, actualVersion: 2 });
      expect(await storedEventIds([late.eventId])).toEqual([]);
    });

    it('names the stream that actually conflicted when two multi-stream appends race on their second stream', async () => {
      const shared = newStreamId();
      const winnerOwn = newStreamId();
      const loserOwn = newStreamId();
      const winnerEvents = [newEvent(), newEvent()];
      const loserEvents = [newEvent(), newEvent()];
      const held = await openTransaction((tx) =>
        store.appendIn(tx, [toStream(winnerOwn, 0, [winnerEvents[0]]), toStream(shared, 0, [winnerEvents[1]])]),
      );

      const losing = outcomeOf(
        store.append([toStream(loserOwn, 0, [loserEvents[0]]), toStream(shared, 0, [loserEvents[1]])]),
      );
      await waitForWaiterOn(held);
      await held.commit();

      const outcome = await losing;
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && outcome.error).toBeInstanceOf(ConcurrencyError);
      // The loser's own stream was fresh and uncontended: the conflict is on the shared stream.
      expect(!outcome.ok && (outcome.error as ConcurrencyError).streamId).toBe(shared);
      expect(await storedEventIds(loserEvents.map((e) => e.eventId))).toEqual([]);
    });
  });

  describe('idempotency by event id', () => {
    it('stores an event appended twice in a row once, and reports the second append as a replay', async () => {
      const streamId = newStreamId();
      const event = newEvent({ n: 1 });

      const first = await store.append([toStream(streamId, 0, [event])]);
      // A retry sends the very same append, expected version included.
      const second = await store.append([toStream(streamId, 0, [event])]);

      expect(first).toMatchObject({ appended: true, versions: { [streamId]: 1 } });
      expect(second).toEqual({
        appended: false,
        versions: { [streamId]: 1 },
        lastPosition: first.lastPosition,
        checkpoint: first.checkpoint,
      });
      expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual([event.eventId]);
    });

    it('stores a multi-event, multi-stream batch retried after success once', async () => {
      const a = newStreamId();
      const b = newStreamId();
      const batch = [toStream(a, 0, [newEvent(), newEvent()]), toStream(b, 0, [newEvent()])];

      const first = await store.append(batch);
      const retry = await store.append(batch);

      expect(first).toMatchObject({ appended: true, versions: { [a]: 2, [b]: 1 } });
      expect(retry).toEqual({
        appended: false,
        versions: { [a]: 2, [b]: 1 },
        lastPosition: first.lastPosition,
        checkpoint: first.checkpoint,
      });
      expect(await store.readStream(a)).toHaveLength(2);
      expect(await store.readStream(b)).toHaveLength(1);
    });

    it('stores an event appended concurrently by 8 callers once, 20 times over', async () => {
      for (let round = 0; round < 20; round++) {
        const streamId = newStreamId();
        const event = newEvent({ round });

        const results = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.append([toStream(streamId, 0, [event])])),
        );

        // No caller sees an error (a failure here lists the errors they got).
        expect(results.flatMap((r) => (r.status === 'rejected' ? [describeError(r.reason)] : []))).toEqual([]);
        const fulfilled = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        expect(fulfilled.filter((v) => v.appended)).toHaveLength(1);
        expect(fulfilled.filter((v) => !v.appended)).toHaveLength(7);
        const stream = await store.readStream(streamId);
        expect(stream.map((e) => e.eventId)).toEqual([event.eventId]);
        for (const r of fulfilled)
          expect(r).toMatchObject({ versions: { [streamId]: 1 }, lastPosition: stream[0].position });
      }
    });

    it('reports a replay when the first writer commits while the retry is already inserting', async () => {
      const streamId = newStreamId();
      const event = newEvent();
      const held = await openTransaction((tx) => store.appendIn(tx, [toStream(streamId, 0, [event])]));

      const retry = outcomeOf(store.append([toStream(streamId, 0, [event])]));
      await waitForWaiterOn(held);
      await held.commit();

      const outcome = await retry;
      expect(outcome).toEqual({
        ok: true,
        value: {
          appended: false,
          versions: { [streamId]: 1 },
          lastPosition: held.value.lastPosition,
          checkpoint: held.value.checkpoint,
        },
      });
      expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual([event.eventId]);
    });

    it('reports a replay when the first writer commits between the retry’s id check and its version check', async () => {
      const streamId = newStreamId();
      const event = newEvent();
      // The retry goes through a relay that holds back its stream-version query.
      const { relay, url } = await PausingRelay.start(process.env.DATABASE_URL!, 'max(stream_version)');
      const retryDb = createDb(url, { maxConnections: 1 });
      try {
        const held = await openTransaction((tx) => store.appendIn(tx, [toStream(streamId, 0, [event])]));
        // The retry finds no stored id (the first writer has not committed) and stops before its version check.
        const retry = outcomeOf(new EventStore(retryDb).append([toStream(streamId, 0, [event])]));
        await relay.whenPaused();
        await held.commit();
        relay.release();

        const outcome = await retry;
        expect(outcome.ok ? outcome.value : describeError(outcome.error)).toEqual({
          appended: false,
          versions: { [streamId]: 1 },
          lastPosition: held.value.lastPosition,
          checkpoint: held.value.checkpoint,
        });
        expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual([event.eventId]);
      } finally {
        await retryDb.$disconnect();
        await relay.close();
      }
    });

    it('refuses a batch whose event ids only partly exist, and stores nothing of it', async () => {
      const streamId = newStreamId();
      const other = newStreamId();
      const stored = newEvent();
      await store.append([toStream(streamId, 0, [stored])]);
      const fresh = [newEvent(), newEvent()];

      const sameStream = await store.append([toStream(streamId, 'any', [stored, fresh[0]])]).catch((e: unknown) => e);
      const acrossStreams = await store
        .append([toStream(other, 0, [fresh[1]]), toStream(streamId, 1, [stored])])
        .catch((e: unknown) => e);

      for (const error of [sameStream, acrossStreams]) {
        expect(error).toBeInstanceOf(EventIdReuseError);
        expect((error as EventIdReuseError).eventIds).toEqual([stored.eventId]);
      }
      expect(await storedEventIds(fresh.map((e) => e.eventId))).toEqual([]);
      expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual([stored.eventId]);
      expect(await store.readStream(other)).toEqual([]);
    });
  });

  describe('multi-stream appends are atomic', () => {
    it('stores nothing of either stream when the second stream’s expected version is wrong', async () => {
      const first = newStreamId();
      const second = newStreamId();
      const existing = newEvent();
      await store.append([toStream(second, 0, [existing])]);
      const attempted = [newEvent(), newEvent(), newEvent()];

      const error = await store
        .append([toStream(first, 0, attempted.slice(0, 2)), toStream(second, 0, attempted.slice(2))])
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ streamId: second, expectedVersion: 0, actualVersion: 1 });
      expect(await storedEventIds(attempted.map((e) => e.eventId))).toEqual([]);
      expect(await store.readStream(first)).toEqual([]);
      expect((await store.readStream(second)).map((e) => e.eventId)).toEqual([existing.eventId]);
    });

    it('stores nothing, events or read model, when a projection throws part-way through the batch', async () => {
      const first = newStreamId();
      const second = newStreamId();
      const failing = newEvent({ poison: true });
      const attempted = [newEvent(), newEvent(), failing, newEvent()];
      const projection = recordingProjection({ failOn: (e) => e.eventId === failing.eventId });
      const projecting = new EventStore(db, { projections: [projection] });
      const ids = attempted.map((e) => e.eventId);

      const error = await projecting
        .append([toStream(first, 0, attempted.slice(0, 2)), toStream(second, 0, attempted.slice(2))])
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(`projection refused ${failing.eventId}`);
      expect(await storedEventIds(ids)).toEqual([]);
      expect(await projectedEventIds(ids)).toEqual([]);
      expect(await store.readStream(first)).toEqual([]);
      expect(await store.readStream(second)).toEqual([]);

      // The same batch goes through once the projection accepts it: the failure left nothing behind.
      const accepting = new EventStore(db, { projections: [recordingProjection()] });
      await accepting.append([toStream(first, 0, attempted.slice(0, 2)), toStream(second, 0, attempted.slice(2))]);
      expect(await storedEventIds(ids)).toEqual(ids);
      expect(await projectedEventIds(ids)).toEqual(ids);
    });

    it('stores nothing when the write-side work of the append throws', async () => {
      const streamId = newStreamId();
      const event = newEvent();
      const projecting = new EventStore(db, { projections: [recordingProjection()] });

      const error = await projecting
        .append([toStream(streamId, 0, [event])], async () => {
          throw new Error('work failed');
        })
        .catch((e: unknown) => e);

      expect((error as Error).message).toBe('work failed');
      expect(await storedEventIds([event.eventId])).toEqual([]);
      expect(await projectedEventIds([event.eventId])).toEqual([]);
    });
  });

  describe('reading', () => {
    it('reads a stream in version order, from any version', async () => {
      const streamId = newStreamId();
      const other = newStreamId();
      const events = Array.from({ length: 6 }, (_, i) => newEvent({ i }));
      await store.append([toStream(streamId, 0, events.slice(0, 3))]);
      await store.append([toStream(other, 0, [newEvent()])]);
      await store.append([toStream(streamId, 3, [events[3]]), toStream(other, 1, [newEvent()])]);
      await store.append([toStream(streamId, 4, events.slice(4))]);

      const stream = await store.readStream(streamId);

      expect(stream.map((e) => [e.streamVersion, e.eventId, e.data])).toEqual(
        events.map((e, i) => [i + 1, e.eventId, { i }]),
      );
      expect(stream.every((e) => e.streamId === streamId && e.streamType === STREAM_TYPE && e.type === TYPE)).toBe(
        true,
      );
      const positions = stream.map((e) => e.position);
      expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
      expect(new Set(positions).size).toBe(6);
      expect((await store.readStream(streamId, { fromVersion: 4 })).map((e) => e.streamVersion)).toEqual([4, 5, 6]);
    });

    it('keeps the metadata and schema version of each event', async () => {
      const streamId = newStreamId();
      const event: NewEvent = {
        ...newEvent({ x: 1 }),
        metadata: { correlationId: 'wf-1', causationId: 'cause-1', actor: 'system' },
      };
      await store.append([toStream(streamId, 0, [event, newEvent()])]);

      const [withMetadata, without] = await store.readStream(streamId);

      expect(withMetadata).toMatchObject({
        metadata: { correlationId: 'wf-1', causationId: 'cause-1', actor: 'system' },
        schemaVersion: 1,
      });
      expect(withMetadata.recordedAt).toBeInstanceOf(Date);
      expect(without.metadata).toEqual({});
    });

    it('reads all events after a global position, in position order, page by page', async () => {
      const a = newStreamId();
      const b = newStreamId();
      const before = await store.append([toStream(a, 0, [newEvent({ n: 0 })])]);
      const later = [newEvent({ n: 1 }), newEvent({ n: 2 }), newEvent({ n: 3 }), newEvent({ n: 4 })];
      await store.append([toStream(b, 0, [later[0]])]);
      await store.append([toStream(a, 1, [later[1]]), toStream(b, 1, [later[2]])]);
      await store.append([toStream(a, 2, [later[3]])]);
      const ids = later.map((e) => e.eventId);

      const all = await poll(async () => {
        const read = (await store.readAll(before.checkpoint)).filter((e) => e.streamId === a || e.streamId === b);
        return read.length >= ids.length ? read : undefined;
      }, 'the appended events to become readable');

      expect(all.map((e) => e.eventId)).toEqual(ids);
      expect(all.every((e) => e.position > before.lastPosition)).toBe(true);
      const positions = all.map((e) => e.position);
      expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);

      // One event at a time, checkpointing each position, yields the same sequence.
      const paged: RecordedEvent[] = [];
      let checkpoint = before.checkpoint;
      while (checkpoint.position < positions[positions.length - 1]) {
        const page = await store.readAll(checkpoint, 1);
        expect(page).toHaveLength(1);
        checkpoint = checkpointOf(page[0]);
        if (page[0].streamId === a || page[0].streamId === b) paged.push(page[0]);
      }
      expect(paged.map((e) => e.eventId)).toEqual(ids);
    });

    it('orders transaction ids as numbers, not as text: 9 comes before 10 (and 99999 before 100000)', async () => {
      // Transaction ids grow by a digit now and then (the server passes 100000 at some point). Ids far
      // below any real one, set by hand in a transaction that is rolled back, stand for that moment.
      const stream = newStreamId();
      const [ten, nine] = [newEvent({ txid: 10 }), newEvent({ txid: 9 })];
      let readInOrder: string[] = [];
      const rolledBack = db.$transaction(async (tx) => {
        for (const [version, event, txid] of [[1, ten, 10] as const, [2, nine, 9] as const]) {
          await tx.$executeRaw`
            INSERT INTO events (event_id, stream_id, stream_type, stream_version, type, data, transaction_id)
            VALUES (${event.eventId}::uuid, ${stream}, ${STREAM_TYPE}, ${version}, ${TYPE}, '{}'::jsonb,
                    ${String(txid)}::xid8)`;
        }
        const firstTwo = await store.readAll(START_OF_ALL, 2, tx);
        const afterNine = await store.readAll(checkpointOf(firstTwo[0]), 1, tx);
        readInOrder = [...firstTwo, ...afterNine].map((e) => e.eventId);
        throw new Rollback();
      });
      await expect(rolledBack).rejects.toBeInstanceOf(Rollback);
      expect(readInOrder).toEqual([nine.eventId, ten.eventId, ten.eventId]);
      expect(await storedEventIds([ten.eventId, nine.eventId])).toEqual([]);
    });

    it('holds back events of a transaction still open, and everything committed after it, until it commits', async () => {
      const slow = newStreamId();
      const fast = newStreamId();
      const slowEvent = newEvent({ slow: true });
      const fastEvent = newEvent({ fast: true });
      const start = await headCheckpoint();
      const consumer = new CheckpointingConsumer([slow, fast], start);

      const held = await openTransaction((tx) => store.appendIn(tx, [toStream(slow, 0, [slowEvent])]));
      // Appended while the slow transaction is open, at a later position. (A store that serializes
      // appends makes it wait for the slow one instead; the checks below hold either way.)
      const fastAppend = outcomeOf(store.append([toStream(fast, 0, [fastEvent])]));
      await settledWithin(fastAppend, 1_000);

      const duringOpen = await store.readAll(start);
      expect(duringOpen.map((e) => e.eventId)).not.toContain(slowEvent.eventId);
      expect(duringOpen.map((e) => e.eventId)).not.toContain(fastEvent.eventId);
      await consumer.poll();
      expect(consumer.seen).toEqual([]);

      await held.commit();

      expect(await fastAppend).toMatchObject({ ok: true, value: { appended: true } });
      const seen = await consumer.catchUp(2);
      expect(seen.map((e) => e.eventId)).toEqual([slowEvent.eventId, fastEvent.eventId]);
    });

    it('never lets a checkpointing consumer skip an event, even when a transaction appends twice around it', async () => {
      const twice = newStreamId();
      const between = newStreamId();
      const [firstOfTwo, secondOfTwo] = [newEvent({ n: 1 }), newEvent({ n: 3 })];
      const middle = newEvent({ n: 2 });
      const consumer = new CheckpointingConsumer([twice, between], await headCheckpoint());

      // T1 appends (and so takes its transaction id) first ...
      const t1 = await openTransaction((tx) => store.appendIn(tx, [toStream(twice, 0, [firstOfTwo])]));
      // ... T2 appends in between and stays open (unless the store makes it wait for T1) ...
      const t2Opening = openTransaction((tx) => store.appendIn(tx, [toStream(between, 0, [middle])]));
      await settledWithin(t2Opening, 1_000);
      // ... T1 appends again, after T2's event, and commits while T2 is still open.
      await store.appendIn(t1.tx, [toStream(twice, 1, [secondOfTwo])]);
      await t1.commit();

      await consumer.poll(); // must not move the checkpoint past T2's uncommitted event
      const t2 = await t2Opening;
      await t2.commit();

      const seen = await consumer.catchUp(3);
      const label = new Map([
        [firstOfTwo.eventId, 'first append of T1'],
        [middle.eventId, 'append of T2'],
        [secondOfTwo.eventId, 'second append of T1'],
      ]);
      expect(seen.map((e) => label.get(e.eventId)).sort()).toEqual([
        'append of T2',
        'first append of T1',
        'second append of T1',
      ]);
    });
  });

  describe('projections', () => {
    it('writes the read model in the append’s transaction: visible exactly when the events are', async () => {
      const streamId = newStreamId();
      const events = [newEvent({ n: 1 }), newEvent({ n: 2 })];
      const ids = events.map((e) => e.eventId);
      const projecting = new EventStore(db, { projections: [recordingProjection()] });

      const held = await openTransaction((tx) => projecting.appendIn(tx, [toStream(streamId, 0, events)]));
      expect(await storedEventIds(ids, held.tx)).toEqual(ids);
      expect(await projectedEventIds(ids, held.tx)).toEqual(ids);
      expect(await storedEventIds(ids)).toEqual([]);
      expect(await projectedEventIds(ids)).toEqual([]);

      await held.commit();
      expect(await storedEventIds(ids)).toEqual(ids);
      expect(await projectedEventIds(ids)).toEqual(ids);
    });

    it('loses the read model write together with the events when the transaction rolls back', async () => {
      const streamId = newStreamId();
      const event = newEvent();
      const projecting = new EventStore(db, { projections: [recordingProjection()] });

      const held = await openTransaction((tx) => projecting.appendIn(tx, [toStream(streamId, 0, [event])]));
      expect(await projectedEventIds([event.eventId], held.tx)).toEqual([event.eventId]);
      await held.rollback();

      expect(await storedEventIds([event.eventId])).toEqual([]);
      expect(await projectedEventIds([event.eventId])).toEqual([]);
    });

    it('runs inside append(): the projection sees its event stored but not yet committed', async () => {
      const streamId = newStreamId();
      const event = newEvent();
      const observed: Array<{ inside: string[]; outside: string[] }> = [];
      const observing: Projection = {
        name: 'event-store-test-observer',
        tables: [],
        handles: [TYPE],
        async apply(tx, recorded) {
          observed.push({
            inside: await storedEventIds([recorded.eventId], tx),
            outside: await storedEventIds([recorded.eventId]),
          });
        },
      };

      await new EventStore(db, { projections: [observing] }).append([toStream(streamId, 0, [event])]);

      expect(observed).toEqual([{ inside: [event.eventId], outside: [] }]);
      expect(await storedEventIds([event.eventId])).toEqual([event.eventId]);
    });

    it('only gives a projection the event types it handles', async () => {
      const streamId = newStreamId();
      const handled = newEvent();
      const ignored = newEvent({}, 'EventStoreTestIgnored');
      const projecting = new EventStore(db, { projections: [recordingProjection()] });

      await projecting.append([toStream(streamId, 0, [ignored, handled])]);

      expect(await projectedEventIds([handled.eventId, ignored.eventId])).toEqual([handled.eventId]);
    });
  });

  describe('upcasting', () => {
    const RENAMED = 'EventStoreTestRenamed';
    const v1ToV2 = (data: Record<string, unknown>) => ({ fullName: data.name, nickname: null });

    it('reads stored v1 events in the v2 shape, and writes new events at v2', async () => {
      const streamId = newStreamId();
      const old: NewEvent = { eventId: randomUUID(), type: RENAMED, data: { name: 'Ada Lovelace' } };
      const oldResult = await store.append([toStream(streamId, 0, [old])]);
      expect((await store.readStream(streamId))[0]).toMatchObject({ schemaVersion: 1, data: { name: 'Ada Lovelace' } });

      const upcasters = new UpcasterRegistry().register(RENAMED, 1, v1ToV2);
      const projection = recordingProjection({ type: RENAMED });
      const evolved = new EventStore(db, { upcasters, projections: [projection] });

      const [read] = await evolved.readStream(streamId);
      expect(read).toMatchObject({
        eventId: old.eventId,
        schemaVersion: 2,
        data: { fullName: 'Ada Lovelace', nickname: null },
      });
      const fromAll = await poll(async () => {
        const found = (await evolved.readAll({ ...oldResult.checkpoint, position: oldResult.lastPosition - 1n })).find(
          (e) => e.eventId === old.eventId,
        );
        return found;
      }, 'the v1 event in readAll');
      expect(fromAll).toMatchObject({ schemaVersion: 2, data: { fullName: 'Ada Lovelace', nickname: null } });

      const current: NewEvent = {
        eventId: randomUUID(),
        type: RENAMED,
        data: { fullName: 'Grace Hopper', nickname: 'Amazing Grace' },
      };
      await evolved.append([toStream(streamId, 1, [current])]);

      const raw = await db.$queryRaw<Array<{ event_id: string; schema_version: number; data: unknown }>>`
        SELECT event_id::text AS event_id, schema_version, data FROM events WHERE stream_id = ${streamId} ORDER BY stream_version`;
      expect(raw).toEqual([
        { event_id: old.eventId, schema_version: 1, data: { name: 'Ada Lovelace' } }, // stored events never change
        { event_id: current.eventId, schema_version: 2, data: { fullName: 'Grace Hopper', nickname: 'Amazing Grace' } },
      ]);
      expect((await evolved.readStream(streamId)).map((e) => [e.schemaVersion, e.data])).toEqual([
        [2, { fullName: 'Ada Lovelace', nickname: null }],
        [2, { fullName: 'Grace Hopper', nickname: 'Amazing Grace' }],
      ]);
      // The store without the upcaster still reads the old event as it was written.
      expect((await store.readStream(streamId))[0]).toMatchObject({ schemaVersion: 1, data: { name: 'Ada Lovelace' } });
    });

    it('upcasts an explicitly v1 event before projecting it, and chains several steps', async () => {
      const streamId = newStreamId();
      const upcasters = new UpcasterRegistry()
        .register(RENAMED, 1, v1ToV2)
        .register(RENAMED, 2, (data) => ({ ...data, nickname: data.nickname ?? 'none' }));
      const projection = recordingProjection({ type: RENAMED });
      const evolved = new EventStore(db, { upcasters, projections: [projection] });
      const old: NewEvent = { eventId: randomUUID(), type: RENAMED, schemaVersion: 1, data: { name: 'Alan Turing' } };

      await evolved.append([toStream(streamId, 0, [old])]);

      const rows = await db.$queryRawUnsafe<Array<{ schema_version: number; data: unknown }>>(
        `SELECT schema_version, data FROM "${TABLE}" WHERE event_id = $1::uuid`,
        old.eventId,
      );
      expect(rows).toEqual([{ schema_version: 3, data: { fullName: 'Alan Turing', nickname: 'none' } }]);
      const [stored] = await db.$queryRaw<Array<{ schema_version: number }>>`
        SELECT schema_version FROM events WHERE event_id = ${old.eventId}::uuid`;
      expect(stored.schema_version).toBe(1);
      expect(upcasters.currentVersion(RENAMED)).toBe(3);
    });
  });
});
