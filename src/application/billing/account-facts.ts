import type { AccountEvent, AccountPackage } from '../../domain/accounts/account-events';
import { accountStreamId } from '../../domain/accounts/account-events';
import { packageInForce } from '../../domain/billing/package-in-force';
import type { EventStore } from '../../infra/event-store/event-store';

export interface AccountFacts {
  accountId: string;
  name: string;
  openedAt: string;
  events: AccountEvent[];
  /** The package in force in `period`. */
  packageIn(period: string): AccountPackage;
}

/** What billing needs to know of an account, from its stream; undefined when it was never opened. */
export async function loadAccountFacts(eventStore: EventStore, accountId: string): Promise<AccountFacts | undefined> {
  const events = (await eventStore.readStream(accountStreamId(accountId))) as unknown as AccountEvent[];
  const opened = events.find((e) => e.type === 'AccountOpened');
  if (!opened || opened.type !== 'AccountOpened') return undefined;
  return {
    accountId,
    name: opened.data.name,
    openedAt: opened.data.openedAt,
    events,
    packageIn: (period) => packageInForce(events, period) ?? opened.data.package,
  };
}
