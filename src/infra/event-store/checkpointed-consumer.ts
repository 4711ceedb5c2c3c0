import type { Db, Tx } from '../db/prisma';
import type { EventStore } from './event-store';
import type { AllCheckpoint, RecordedEvent } from './types';

/** Where a consumer keeps its checkpoint: in the store it writes to, so both move in one transaction. */
export interface CheckpointStore {
  /** The consumer's checkpoint, locked until the transaction ends; created at the start of all when missing. */
  lock(tx: Tx, consumer: string): Promise<AllCheckpoint>;
  save(tx: Tx, consumer: string, checkpoint: AllCheckpoint): Promise<void>;
}

export interface CheckpointedConsumerOptions<R> {
  /** Names the checkpoint: every instance with this name shares it, and exports each event once. */
  name: string;
  checkpoints: CheckpointStore;
  /** The event types `handle` is given; other events are passed over (the checkpoint still moves past them). */
  handles: readonly string[];
  /** Writes what the events mean to the consumer's store, in the batch's transaction (given [] when none). */
  handle(tx: Tx, events: RecordedEvent[]): Promise<R>;
  /** Events read per batch (default 500). */
  batchSize?: number;
  /** Runs last, just before commit (tests use it to fail a batch there, as a crash would). */
  beforeCommit?: (tx: Tx, batch: { events: RecordedEvent[]; handled: R }) => Promise<void>;
}

export interface BatchResult<R> {
  /** Events read, of every type. */
  read: number;
  handled: R;
  /** The checkpoint after this batch (unchanged when nothing was read). */
  checkpoint: AllCheckpoint;
  /** Fewer events than a full batch were ready: the consumer has caught up for now. */
  caughtUp: boolean;
}

// A batch is short, but a second instance may wait for the first one's lock.
const TX_LIMITS = { maxWait: 10_000, timeout: 30_000 };

/**
 * A consumer that runs after commit. Each batch is one transaction: lock the checkpoint, read the
 * events after it (in the event store's commit-safe order, so an event whose transaction commits
 * late is never skipped), handle them and move the checkpoint to the last one read. A failure
 * anywhere before commit leaves both the consumer's writes and its checkpoint as they were, so
 * nothing is lost or written twice; the lock makes concurrent instances take turns.
 */
export class CheckpointedConsumer<R> {
  private readonly batchSize: number;

  constructor(
    private readonly db: Db,
    private readonly eventStore: EventStore,
    private readonly options: CheckpointedConsumerOptions<R>,
  ) {
    this.batchSize = options.batchSize ?? 500;
  }

  get name(): string {
    return this.options.name;
  }

  async runBatch(): Promise<BatchResult<R>> {
    const { name, checkpoints, handles, handle, beforeCommit } = this.options;
    return this.db.$transaction(async (tx) => {
      const after = await checkpoints.lock(tx, name);
      const events = await this.eventStore.readAll(after, this.batchSize, tx);
      const handled = await handle(
        tx,
        events.filter((e) => handles.includes(e.type)),
      );
      if (events.length === 0) return { read: 0, handled, checkpoint: after, caughtUp: true };
      const last = events[events.length - 1];
      const checkpoint = { transactionId: last.transactionId, position: last.position };
      await checkpoints.save(tx, name, checkpoint);
      await beforeCommit?.(tx, { events, handled });
      return { read: events.length, handled, checkpoint, caughtUp: events.length < this.batchSize };
    }, TX_LIMITS);
  }
}
