import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { OrderStatus } from '../../src/domain/orders/order-events';
import { SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import { noopPlaceOrderUpdate, type NoopActivities, type NoopCheckoutInput, type NoopHold } from './noop.contract';

// The floor for the checkout's figures, never part of the production bundle: the checkout
// workflow's shape for a paid, emailed order (an update answered by the first activity, the same
// activities in the same order, one delivery per ticket in parallel, the same search attribute
// updates) with activities that do nothing.

const steps = proxyActivities<NoopActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

export async function noopCheckoutWorkflow(input: NoopCheckoutInput): Promise<OrderStatus> {
  const { orderId } = input;
  const setStatus = (status: OrderStatus) =>
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.orderStatus, value: status }]);

  const placing = steps.placeOrder({ orderId }).then((): NoopHold => ({ orderId, status: 'TicketsHeld' }));
  setHandler(noopPlaceOrderUpdate, () => placing, {
    validator: ({ requestHash }) => {
      if (requestHash !== input.requestHash) throw new Error('This Idempotency-Key was used with another body');
    },
  });
  await placing;
  setStatus('TicketsHeld');
  await steps.markAwaitingPayment({ orderId });
  setStatus('AwaitingPayment');
  await steps.requestPayment({ orderId });
  await steps.recordPaymentOutcome({ orderId });
  await steps.completeOrderPayment({ orderId });
  setStatus('Paid');
  await steps.issueTickets({ orderId });
  await steps.invoiceOrder({ orderId });
  await Promise.all(Array.from({ length: input.tickets }, () => steps.deliverTicket({ orderId })));
  await steps.fulfilOrder({ orderId });
  setStatus('Fulfilled');
  await condition(allHandlersFinished);
  return 'Fulfilled';
}
