import { randomUUID } from 'node:crypto';
import { openAccount } from '../../domain/accounts/account-decisions';
import type { AccountCommands } from './account-commands';
import type { AccountQueries, AccountView } from './account-queries';
import type { PlanQueries } from './plan-queries';

/**
 * A signed-in user subscribes to a plan: reading the plan is a query, opening the account a command
 * that copies the plan's package, so later plan edits never reach this account.
 */
export class AccountOpening {
  constructor(
    private readonly accounts: AccountCommands,
    private readonly plans: PlanQueries,
    private readonly queries: AccountQueries,
  ) {}

  async open(input: { name: string; planId: string }, ownerId: string): Promise<AccountView> {
    const pkg = await this.plans.packageOf(input.planId);
    const accountId = randomUUID();
    await this.accounts.execute(
      accountId,
      (state) => openAccount(state, { accountId, name: input.name, package: pkg, ownerId, now: new Date() }),
      { operationId: `open-account:${accountId}`, metadata: { actor: ownerId } },
    );
    return this.queries.get(accountId);
  }
}
