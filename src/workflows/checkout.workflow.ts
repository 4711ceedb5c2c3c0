import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { OrderStatus } from '../domain/orders/order-events';
import { SEARCH_ATTRIBUTES } from './search-attributes';
import {
  cancelOrderUpdate,
  CHECKOUT_REFUSALS,
  checkoutProgressQuery,
  concertCancelledSignal,
  courierDeliveredSignal,
  paymentFailedSignal,
  paymentSucceededSignal,
  placeOrderUpdate,
  type CheckoutInput,
  type CheckoutOutcome,
  type CheckoutProgress,
} from './checkout.contract';

// Database steps are quick; retry them patiently, they only fail while Postgres is away.
const orders = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});
// Stripe calls carry an idempotency key, so a retry after a timeout never charges twice. The SDK
// gives up after 3 tries of 20 s, inside this limit.
const payments = proxyActivities<Activities>({
  startToCloseTimeout: '75s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2m' },
});
// Tickets must arrive whatever the mail provider or the courier does: retry without end. A send
// gives up after 10 s, so an attempt lost with a crashed worker is retried after 30 s.
const fulfilment = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
});

/** How long a courier may take to report a delivery before we stop waiting for it. */
const COURIER_REPORT_WINDOW = '30 days';

type ProviderOutcome = { kind: 'succeeded'; intentId: string } | { kind: 'failed'; failureCode: string };

/**
 * The checkout saga: hold the cart's tickets, take the payment, then issue, invoice and deliver the
 * tickets. Whatever ends an unpaid order (a declined card, the hold expiring, the customer or an
 * operator cancelling, the concert being cancelled) releases the hold, stops the payment and refunds
 * any money that arrives anyway.
 */
export async function checkoutWorkflow(input: CheckoutInput): Promise<CheckoutOutcome> {
  const { orderId } = input;
  const progress: CheckoutProgress = {
    orderId,
    status: 'Pending',
    holdExpiresAt: null,
    payment: { status: 'none' },
    ticketIds: [],
    deliveries: {},
  };
  let provider: ProviderOutcome | undefined;
  let cancelRequest: { by: string } | undefined;
  let concertCancelled = false;
  const courierReports = new Map<string, { trackingNumber: string; deliveredAt: string }>();

  const setStatus = (status: OrderStatus) => {
    progress.status = status;
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.orderStatus, value: status }]);
  };

  setHandler(checkoutProgressQuery, () => progress);
  const placing = orders.placeOrder(input);
  setHandler(placeOrderUpdate, () => placing, {
    validator: ({ requestHash }) => refuseOtherRequest(requestHash, input.requestHash),
  });
  setHandler(
    cancelOrderUpdate,
    async ({ by }) => {
      cancelRequest ??= { by };
      await condition(() => progress.status !== 'TicketsHeld' && progress.status !== 'AwaitingPayment');
      return progress.status;
    },
    { validator: (_request: { by: string }) => refuseUnlessCancellable(progress.status) },
  );
  let endedUnpaid = false;
  let refunded: Promise<void> | undefined;
  /** Gives the money back, once. A success only a webhook told us about is recorded first. */
  const refund = (reason: 'late_payment' | 'concert_cancelled') =>
    (refunded ??= (async () => {
      if (provider?.kind === 'succeeded') {
        await payments.recordPaymentOutcome({ orderId, intentId: provider.intentId, outcome: 'succeeded' });
      }
      await payments.refundPayment({ orderId, reason });
      progress.payment.status = 'refunded';
    })());
  // Webhooks may come twice or out of order: a success is final, a failure counts only before one.
  // Money that arrives after the order ended goes straight back (the workflow waits for this handler).
  setHandler(paymentSucceededSignal, async ({ intentId }) => {
    provider = { kind: 'succeeded', intentId };
    if (endedUnpaid) await CancellationScope.nonCancellable(() => refund('late_payment'));
  });
  setHandler(paymentFailedSignal, ({ failureCode }) => {
    if (provider?.kind !== 'succeeded') provider ??= { kind: 'failed', failureCode: failureCode ?? 'payment_failed' };
  });
  setHandler(courierDeliveredSignal, ({ ticketId, trackingNumber, deliveredAt }) => {
    courierReports.set(ticketId, { trackingNumber, deliveredAt });
  });
  setHandler(concertCancelledSignal, () => {
    concertCancelled = true;
  });

  const hold = await placing;
  setStatus(hold.status);
  if (hold.status !== 'TicketsHeld') return finish();
  progress.holdExpiresAt = hold.holdExpiresAt;

  let paymentRequested = false;
  /** Ends the unpaid order: stop the payment first, so it cannot succeed once the tickets are gone. */
  const endUnpaid = async (ending: 'cancelled' | 'expired' | 'payment_failed' | 'concert_cancelled', by: string) => {
    const charged = paymentRequested ? await payments.cancelPayment({ orderId }) : 'none';
    await orders.endUnpaidOrder({
      orderId,
      ending,
      by,
      failureCode: provider?.kind === 'failed' ? provider.failureCode : undefined,
    });
    endedUnpaid = true;
    setStatus(ending === 'expired' ? 'Expired' : ending === 'payment_failed' ? 'PaymentFailed' : 'Cancelled');
    if (charged === 'succeeded' || provider?.kind === 'succeeded') {
      await refund(ending === 'concert_cancelled' ? 'concert_cancelled' : 'late_payment');
    }
  };

  try {
    await orders.markAwaitingPayment({ orderId });
    setStatus('AwaitingPayment');
    if (cancelRequest || concertCancelled) {
      await CancellationScope.nonCancellable(() =>
        endUnpaid(concertCancelled ? 'concert_cancelled' : 'cancelled', cancelRequest?.by ?? 'system'),
      );
      return finish();
    }
    paymentRequested = true;
    // Once asked, the provider's answer is recorded before anything else, even if we are cancelled
    // meanwhile: a charge must never happen behind the saga's back.
    const step = await CancellationScope.nonCancellable(() => payments.requestPayment({ orderId }));
    progress.payment = { status: 'pending', intentId: step.intentId };
    if (step.status === 'succeeded' && step.intentId) provider ??= { kind: 'succeeded', intentId: step.intentId };
    if (step.status === 'failed') provider ??= { kind: 'failed', failureCode: step.failureCode ?? 'payment_failed' };

    const untilExpiry = Math.max(Date.parse(hold.holdExpiresAt!) - Date.now(), 0);
    const decided = await condition(
      () => provider !== undefined || cancelRequest !== undefined || concertCancelled,
      untilExpiry,
    );
    if (!decided) {
      await CancellationScope.nonCancellable(() => endUnpaid('expired', 'system'));
    } else if (concertCancelled && provider?.kind !== 'succeeded') {
      await CancellationScope.nonCancellable(() => endUnpaid('concert_cancelled', 'system'));
    } else if (cancelRequest && provider?.kind !== 'succeeded') {
      await CancellationScope.nonCancellable(() => endUnpaid('cancelled', cancelRequest!.by));
    } else if (provider?.kind === 'failed') {
      progress.payment = { ...progress.payment, status: 'failed', failureCode: provider.failureCode };
      await CancellationScope.nonCancellable(() => endUnpaid('payment_failed', 'system'));
    } else {
      await CancellationScope.nonCancellable(() => completePayment());
    }
  } catch (err) {
    // Cancelled from the Temporal UI (or by a client) while unpaid: compensate, then report it.
    if (!isCancellation(err)) throw err;
    await CancellationScope.nonCancellable(async () => {
      if (progress.status === 'TicketsHeld' || progress.status === 'AwaitingPayment') {
        await endUnpaid('cancelled', 'operator');
      }
    });
    throw err;
  }
  return finish();

  /** Held becomes sold, unless the order ended meanwhile: then the money goes back. */
  async function completePayment(): Promise<void> {
    progress.payment.status = 'succeeded';
    await payments.recordPaymentOutcome({
      orderId,
      intentId: (provider as { intentId: string }).intentId,
      outcome: 'succeeded',
    });
    if ((await orders.completeOrderPayment({ orderId })) === 'refund') {
      // The concert was cancelled meanwhile: end the order like any unpaid one, refunding the money.
      await endUnpaid('concert_cancelled', 'system');
      return;
    }
    setStatus('Paid');
    await fulfil();
  }

  /** Tickets, invoice, delivery. Paid is paid: nothing after this point is cancelled half-way. */
  async function fulfil(): Promise<void> {
    const { ticketIds } = await fulfilment.issueTickets({ orderId });
    progress.ticketIds = ticketIds;
    await fulfilment.invoiceOrder({ orderId });
    const couriers: string[] = [];
    await Promise.all(
      ticketIds.map(async (ticketId) => {
        progress.deliveries[ticketId] = 'pending';
        const sent = await fulfilment.deliverTicket({ ticketId });
        progress.deliveries[ticketId] = sent.method === 'email' ? 'sent' : 'dispatched';
        if (sent.method === 'courier') couriers.push(ticketId);
      }),
    );
    await orders.fulfilOrder({ orderId, ticketIds });
    setStatus('Fulfilled');
    if (concertCancelled) await fulfilment.voidOrderTickets({ orderId, reason: 'concert_cancelled' });
    await awaitCourierReports(couriers);
  }

  async function awaitCourierReports(ticketIds: string[]): Promise<void> {
    const waiting = new Set(ticketIds);
    while (waiting.size > 0) {
      const reported = await condition(() => [...waiting].some((id) => courierReports.has(id)), COURIER_REPORT_WINDOW);
      if (!reported) return;
      for (const ticketId of [...waiting].filter((id) => courierReports.has(id))) {
        await fulfilment.recordCourierDelivery({ ticketId, ...courierReports.get(ticketId)! });
        progress.deliveries[ticketId] = 'delivered';
        waiting.delete(ticketId);
      }
    }
  }

  async function finish(): Promise<CheckoutOutcome> {
    await condition(allHandlersFinished);
    return { hold, requestHash: input.requestHash, status: progress.status };
  }
}

/** The same idempotency key with another body is a different request: refuse it. */
function refuseOtherRequest(requestHash: string, original: string): void {
  if (requestHash !== original) {
    throw ApplicationFailure.create({
      type: CHECKOUT_REFUSALS.keyReused,
      message: 'This Idempotency-Key was used with a different request body',
      nonRetryable: true,
    });
  }
}

function refuseUnlessCancellable(status: OrderStatus): void {
  if (status === 'Pending' || status === 'TicketsHeld' || status === 'AwaitingPayment') return;
  throw ApplicationFailure.create({
    type: CHECKOUT_REFUSALS.notCancellable,
    message: `The order is ${status} and can no longer be cancelled`,
    nonRetryable: true,
  });
}
