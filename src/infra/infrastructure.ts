import type { Config } from '../config/config';
import { UserCommands } from '../application/identity/user-commands';
import { allProjections } from '../read-models';
import { createDb, type Db } from './db/prisma';
import { EventStore } from './event-store/event-store';
import { upcasters } from './event-store/upcaster-registry';
import { createMailer, type Mailer } from './mail/mailer';

/** The long-lived clients both the API and the worker are built from. */
export interface Infrastructure {
  config: Config;
  db: Db;
  eventStore: EventStore;
  mailer: Mailer;
  users: UserCommands;
  close(): Promise<void>;
}

export function createInfrastructure(config: Config): Infrastructure {
  const db = createDb(config.databaseUrl);
  const eventStore = new EventStore(db, { projections: allProjections, upcasters });
  return {
    config,
    db,
    eventStore,
    mailer: createMailer(config.mail),
    users: new UserCommands(eventStore),
    close: () => db.$disconnect(),
  };
}
