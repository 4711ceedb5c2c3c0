export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | 'any',
    readonly actualVersion: number | undefined,
  ) {
    super(
      `Stream ${streamId} is at version ${actualVersion ?? 'unknown'}, expected ${expectedVersion}: ` +
        'another writer appended first',
    );
    this.name = 'ConcurrencyError';
  }
}

/** A retried append whose event ids only partly match what is stored: a programming error, never retry. */
export class EventIdReuseError extends Error {
  constructor(readonly eventIds: string[]) {
    super(`Event ids ${eventIds.join(', ')} are already stored, but the rest of the batch is not`);
    this.name = 'EventIdReuseError';
  }
}
