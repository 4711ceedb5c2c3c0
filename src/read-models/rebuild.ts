import type { Db } from '../infra/db/prisma';
import type { EventStore } from '../infra/event-store/event-store';
import type { Projection } from '../infra/event-store/projection';

/**
 * Empties every read model and replays all events through the projections, in one transaction:
 * readers see either the old read models or the rebuilt ones, never a half-built state.
 */
export async function rebuildReadModels(db: Db, eventStore: EventStore, projections: Projection[]): Promise<number> {
  const tables = [...new Set(projections.flatMap((p) => p.tables))];
  return db.$transaction(
    async (tx) => {
      // Appends wait on this lock, so no event can slip in between the truncate and the replay.
      await tx.$executeRawUnsafe(`LOCK TABLE events IN EXCLUSIVE MODE`);
      await tx.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')}`);
      return eventStore.replay(tx, projections);
    },
    { maxWait: 10_000, timeout: 10 * 60_000 },
  );
}
