import type { Tx } from '../infra/db/prisma';
import { ConcurrencyError } from '../infra/event-store/errors';
import type { EventStore } from '../infra/event-store/event-store';
import { deterministicId } from '../infra/event-store/ids';
import type { DomainEvent, EventMetadata, StreamAppend } from '../infra/event-store/types';

/** How one kind of event-sourced aggregate is stored and folded. */
export interface AggregateType<S, E extends DomainEvent> {
  streamType: string;
  streamId(id: string): string;
  initialState(): S;
  evolve(state: S, event: E): S;
}

export interface CommandOptions {
  /** Names the operation; event ids derive from it, so a retried operation writes nothing new. */
  operationId: string;
  metadata?: EventMetadata;
  /** Other streams to append in the same transaction. */
  alsoAppend?: StreamAppend[] | ((events: DomainEvent[]) => StreamAppend[]);
  /** Write-side state that must change in the same transaction as the events. */
  work?: (tx: Tx) => Promise<void>;
}

// Conflicts on one stream are normal under load (a busy cart, a hot account): retry a few times,
// with a little random back-off so the contenders do not collide again in lockstep.
const MAX_ATTEMPTS = 6;
const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));

/** Loads a stream, runs a decision on its state and appends the outcome with optimistic concurrency. */
export class AggregateCommands<S, E extends DomainEvent> {
  constructor(
    private readonly eventStore: EventStore,
    private readonly type: AggregateType<S, E>,
  ) {}

  async load(id: string): Promise<{ state: S; version: number }> {
    const events = await this.eventStore.readStream(this.type.streamId(id));
    const state = events.reduce((s, e) => this.type.evolve(s, e as unknown as E), this.type.initialState());
    return { state, version: events.length ? events[events.length - 1].streamVersion : 0 };
  }

  async execute(id: string, decide: (state: S) => E[], options: CommandOptions): Promise<{ events: E[]; state: S }> {
    const streamId = this.type.streamId(id);
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await this.load(id);
      const events = decide(state);
      const others = typeof options.alsoAppend === 'function' ? options.alsoAppend(events) : (options.alsoAppend ?? []);
      if (events.length === 0 && others.length === 0) return { events, state };
      try {
        await this.eventStore.append(
          [
            {
              streamId,
              streamType: this.type.streamType,
              expectedVersion: version,
              events: events.map((e, i) => ({
                ...e,
                eventId: deterministicId(options.operationId, streamId, e.type, i),
                metadata: options.metadata,
              })),
            },
            ...others,
          ].filter((a) => a.events.length > 0),
          options.work,
        );
        return { events, state: events.reduce((s, e) => this.type.evolve(s, e), state) };
      } catch (err) {
        // Someone else appended to this stream meanwhile: decide again on the fresh state.
        if (!(err instanceof ConcurrencyError) || err.streamId !== streamId || attempt >= MAX_ATTEMPTS) throw err;
        await backOff(attempt);
      }
    }
  }
}
