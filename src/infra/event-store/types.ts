/** A business fact as the domain produces it. */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

export interface EventMetadata {
  /** The workflow id (or request id) that caused this fact. */
  correlationId?: string;
  causationId?: string;
  /** Who did it: a user id, or "system". */
  actor?: string;
}

/** An event to append: its id is chosen by the caller so retries can be idempotent. */
export interface NewEvent extends DomainEvent {
  eventId: string;
  schemaVersion?: number;
  metadata?: EventMetadata;
}

/**
 * Where a reader of all events stands. Positions are handed out before commit, so a later position
 * can become visible before an earlier one; (transaction id, position) is the order in which events
 * become safe to read, and a checkpoint in that order never skips an event.
 */
export interface AllCheckpoint {
  transactionId: bigint;
  position: bigint;
}

export const START_OF_ALL: AllCheckpoint = { transactionId: 0n, position: 0n };

export interface RecordedEvent<D = unknown> {
  position: bigint;
  transactionId: bigint;
  eventId: string;
  streamId: string;
  streamType: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
  recordedAt: Date;
}

/** 0 means "the stream must not exist yet"; "any" skips the check. */
export type ExpectedVersion = number | 'any';

export interface StreamAppend {
  streamId: string;
  streamType: string;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
}

export interface AppendResult {
  /** False when every event id was already stored: the append was a retry and changed nothing. */
  appended: boolean;
  /** Version of each stream after the append. */
  versions: Record<string, number>;
  lastPosition: bigint;
  /** The checkpoint of the last event appended (or found, for a retry). */
  checkpoint: AllCheckpoint;
}
