import type { Client } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

export interface StuckOrder {
  orderId: string;
  workflowId: string;
  customerId: string | null;
  status: string;
  startedAt: string;
  /** Where support staff open it in the Temporal Web UI. */
  uiUrl: string;
}

/**
 * Checkouts still awaiting payment after a while: the same filter support staff type in the
 * Temporal Web UI, `OrderStatus = 'AwaitingPayment' AND StartTime < …` on running checkouts.
 */
export class StuckOrders {
  constructor(
    private readonly temporal: Client,
    private readonly config: { namespace: string; uiUrl: string },
  ) {}

  query(olderThanMs: number, now = new Date()): string {
    const before = new Date(now.getTime() - olderThanMs).toISOString();
    return (
      `WorkflowType = 'checkoutWorkflow' AND ExecutionStatus = 'Running' AND ` +
      `${SEARCH_ATTRIBUTES.orderStatus.name} = 'AwaitingPayment' AND StartTime < '${before}'`
    );
  }

  async list(olderThanMs: number, limit: number): Promise<{ query: string; items: StuckOrder[] }> {
    const query = this.query(olderThanMs);
    const items: StuckOrder[] = [];
    for await (const wf of this.temporal.workflow.list({ query, pageSize: limit })) {
      items.push({
        orderId: wf.workflowId.replace(/^checkout-/, ''),
        workflowId: wf.workflowId,
        customerId: wf.typedSearchAttributes.get(SEARCH_ATTRIBUTES.customerId) ?? null,
        status: wf.typedSearchAttributes.get(SEARCH_ATTRIBUTES.orderStatus) ?? 'AwaitingPayment',
        startedAt: wf.startTime.toISOString(),
        uiUrl: `${this.config.uiUrl}/namespaces/${this.config.namespace}/workflows/${encodeURIComponent(wf.workflowId)}`,
      });
      if (items.length >= limit) break;
    }
    return { query, items };
  }
}
