import { activityInfo } from '@temporalio/activity';
import { OrderInvoicing } from '../../application/finance/order-invoicing';
import { UserDirectory } from '../../application/identity/user-directory';
import type { Db } from '../../infra/db/prisma';
import type { EventStore } from '../../infra/event-store/event-store';
import { checkoutWorkflowId } from '../../workflows/checkout.contract';
import { refusalsFinal } from '../refusals';

export interface FinanceActivityDeps {
  db: Db;
  eventStore: EventStore;
}

export function createFinanceActivities(deps: FinanceActivityDeps) {
  const invoicing = new OrderInvoicing(deps.db, deps.eventStore, new UserDirectory(deps.db));

  return {
    /**
     * Issues the invoice of a paid order (lines, total = sum of lines, billing info). Idempotent: a
     * retry, or a second call, answers the same invoice and writes nothing. An order that does not
     * exist or is not paid is refused for good.
     */
    async invoiceOrder(input: { orderId: string }): Promise<{ invoiceId: string }> {
      return refusalsFinal(() =>
        invoicing.invoice(input.orderId, {
          metadata: { correlationId: callerWorkflowId() ?? checkoutWorkflowId(input.orderId), actor: 'system' },
        }),
      );
    },
  };
}

function callerWorkflowId(): string | undefined {
  try {
    return activityInfo().workflowExecution?.workflowId;
  } catch {
    // Called outside an activity (a script or test): checkout is the workflow that invoices orders.
    return undefined;
  }
}
