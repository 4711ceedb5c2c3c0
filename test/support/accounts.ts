import { randomUUID } from 'node:crypto';
import type { AccountCommands } from '../../src/application/accounts/account-commands';
import { openAccount } from '../../src/domain/accounts/account-decisions';

/** Opens an account straight on its stream (no HTTP), with a package of `totalSeats`; returns its id. */
export async function openTestAccount(
  accounts: AccountCommands,
  options: { totalSeats: number; name?: string },
): Promise<string> {
  const accountId = randomUUID();
  await accounts.execute(
    accountId,
    (state) =>
      openAccount(state, {
        accountId,
        name: options.name ?? 'Test Promotions',
        package: {
          planId: randomUUID(),
          planName: 'Club',
          monthlyPrice: 4900,
          currency: 'EUR',
          userLimit: 5,
          totalSeats: options.totalSeats,
        },
        ownerId: randomUUID(),
        now: new Date(),
      }),
    { operationId: `open:${accountId}` },
  );
  return accountId;
}
