import type { Config } from '../config/config';
import { UserCommands } from '../application/identity/user-commands';
import type { PaymentGateway } from '../application/payments/payment-gateway';
import { allProjections } from '../read-models';
import { createCourier, type Courier } from './courier';
import { createDb, type Db } from './db/prisma';
import { EventStore } from './event-store/event-store';
import { upcasters } from './event-store/upcaster-registry';
import { createMailer, type Mailer } from './mail/mailer';
import { createPaymentGateway } from './payments/create-payment-gateway';

/** The long-lived clients both the API and the worker are built from. */
export interface Infrastructure {
  config: Config;
  db: Db;
  eventStore: EventStore;
  mailer: Mailer;
  /** Carries tickets ordered for courier delivery. */
  courier: Courier;
  /** Stripe (or stripe-mock in test mode when no secret key is configured). */
  paymentGateway: PaymentGateway;
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
    courier: createCourier(config),
    paymentGateway: createPaymentGateway(config.stripe),
    users: new UserCommands(eventStore),
    close: () => db.$disconnect(),
  };
}
