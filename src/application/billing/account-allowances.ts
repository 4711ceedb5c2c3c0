import { randomUUID } from 'node:crypto';
import { grantCredit, oweRefund } from '../../domain/billing/billing-account-decisions';
import { periodOf } from '../../domain/billing/period';
import { DomainError } from '../../domain/shared/errors';
import type { EventStore } from '../../infra/event-store/event-store';
import { loadAccountFacts } from './account-facts';
import { BillingAccountCommands } from './billing-commands';

export interface AllowanceRequest {
  amount: number;
  currency: string;
  reason: string;
}

export interface AllowanceView {
  id: string;
  accountId: string;
  kind: 'credit' | 'refund';
  amount: number;
  currency: string;
  reason: string;
  at: string;
}

/** Credits an admin grants and refunds owed to an account: the next invoice consumes them. */
export class AccountAllowances {
  private readonly billing: BillingAccountCommands;

  constructor(private readonly eventStore: EventStore) {
    this.billing = new BillingAccountCommands(eventStore);
  }

  grantCredit(accountId: string, request: AllowanceRequest, adminId: string): Promise<AllowanceView> {
    return this.record('credit', accountId, request, adminId);
  }

  oweRefund(accountId: string, request: AllowanceRequest, adminId: string): Promise<AllowanceView> {
    return this.record('refund', accountId, request, adminId);
  }

  private async record(
    kind: 'credit' | 'refund',
    accountId: string,
    request: AllowanceRequest,
    adminId: string,
  ): Promise<AllowanceView> {
    const account = await loadAccountFacts(this.eventStore, accountId);
    if (!account) throw new DomainError('not_found', 'account_not_found', 'Account not found');
    const now = new Date();
    const id = randomUUID();
    const command = {
      id,
      accountId,
      ...request,
      planCurrency: account.packageIn(periodOf(now)).currency,
      now,
    };
    const { events } = await this.billing.execute(
      accountId,
      (s) => (kind === 'credit' ? grantCredit(s, { ...command, grantedBy: adminId }) : oweRefund(s, command)),
      { operationId: `${kind}:${id}`, metadata: { actor: adminId } },
    );
    const data = events[0].data as { amount: number; currency: string; reason: string; at: string };
    return { id, accountId, kind, amount: data.amount, currency: data.currency, reason: data.reason, at: data.at };
  }
}
