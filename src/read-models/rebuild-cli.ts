import { loadDatabaseUrl } from '../config/config';
import { loadDotEnv } from '../config/dotenv';
import { createDb } from '../infra/db/prisma';
import { EventStore } from '../infra/event-store/event-store';
import { upcasters } from '../infra/event-store/upcaster-registry';
import { allProjections } from '.';
import { rebuildReadModels } from './rebuild';

/** `npm run projections:rebuild`: rebuilds every read model from the events. */
async function main(): Promise<void> {
  loadDotEnv();
  const db = createDb(loadDatabaseUrl());
  try {
    const started = Date.now();
    const count = await rebuildReadModels(db, new EventStore(db, { upcasters }), allProjections);
    const names = allProjections.map((p) => p.name).join(', ');
    console.log(
      `rebuilt ${allProjections.length} read models (${names}) from ${count} events in ${Date.now() - started} ms`,
    );
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
