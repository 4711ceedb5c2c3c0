import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { OrderCancellation } from '../../src/application/orders/order-cancellation';
import { PaymentQueries } from '../../src/application/finance/payment-queries';
import { TicketQueries } from '../../src/application/tickets/ticket-queries';
import { TicketCodes } from '../../src/infra/crypto/ticket-code';
import { OrderQueries } from '../../src/application/orders/order-queries';
import {
  checkoutProgressQuery,
  checkoutWorkflowId,
  paymentFailedSignal,
  paymentSucceededSignal,
} from '../../src/workflows/checkout.contract';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { checkoutRequests, EMAIL_DELIVERY, fillCart, registerFan, scheduleTestConcert, stockOf } from '../support/shop';

// The checkout saga on the real dev server, Postgres, stripe-mock (with Stripe's test payment methods)
// and the mail sink. Holds last long here; expiry has its own file with a short HOLD_TTL.

const PENDING_PM = 'pm_card_authenticationRequired';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ HOLD_TTL: '10m' });
});
afterAll(() => stack.stop());

async function checkout(paymentMethodId: string, quantity = 2) {
  const { concertId } = await scheduleTestConcert(stack.infra, [{ code: 'GA', capacity: 10, price: 4500 }]);
  const fan = await registerFan(stack.infra);
  await fillCart(stack.infra, fan.userId, [{ concertId, ticketLevel: 'GA', quantity }]);
  const hold = await checkoutRequests(stack.infra, stack.temporal).checkout(fan.userId, randomUUID(), {
    paymentMethodId,
    delivery: EMAIL_DELIVERY,
  });
  return { concertId, fan, hold, handle: stack.temporal.workflow.getHandle(checkoutWorkflowId(hold.orderId)) };
}

const orderStatus = async (orderId: string) =>
  (await stack.infra.db.order.findUnique({ where: { id: orderId } }))?.status;
const untilStatus = (orderId: string, status: string) =>
  eventually(async () => ((await orderStatus(orderId)) === status ? status : undefined), 30_000);
const paymentOf = (orderId: string) => stack.infra.db.payment.findFirst({ where: { orderId } });
const eventTypes = async (streamId: string) => (await stack.infra.eventStore.readStream(streamId)).map((e) => e.type);

describe('checkout saga', () => {
  it('holds, charges, sells, issues one ticket per admission, invoices and emails them', async () => {
    const { concertId, fan, hold, handle } = await checkout('pm_card_visa', 2);
    expect(hold).toMatchObject({ status: 'TicketsHeld', total: { amount: 9000, currency: 'EUR' }, soldOut: [] });
    expect(Date.parse(hold.holdExpiresAt!)).toBeGreaterThan(Date.now() + 9 * 60_000);

    const outcome = await handle.result();
    expect(outcome.status).toBe('Fulfilled');
    expect(await orderStatus(hold.orderId)).toBe('Fulfilled');
    expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 0, sold: 2 } });
    expect(await paymentOf(hold.orderId)).toMatchObject({ status: 'Succeeded', amount: 9000n, currency: 'EUR' });

    const tickets = await stack.infra.db.ticket.findMany({ where: { orderId: hold.orderId } });
    expect(tickets).toHaveLength(2);
    expect(await stack.infra.db.purchaseInvoice.count({ where: { orderId: hold.orderId } })).toBe(1);
    const mails = await eventually(() => {
      const sent = stack.sink.messages().filter((m) => m.to.includes(fan.email));
      return sent.length >= 2 ? sent : undefined;
    });
    expect(mails).toHaveLength(2);

    // The cart became the order.
    expect(await eventTypes(`order-${hold.orderId}`)).toEqual([
      'OrderPlaced',
      'TicketsHeld',
      'PaymentAwaited',
      'OrderPaid',
      'OrderFulfilled',
    ]);
    const progress = await handle.query(checkoutProgressQuery);
    expect(progress).toMatchObject({ status: 'Fulfilled', payment: { status: 'succeeded' } });
    expect(progress.ticketIds).toHaveLength(2);
  });

  it('a declined card ends in PaymentFailed and releases the hold', async () => {
    const { concertId, hold, handle } = await checkout('pm_card_chargeDeclined');
    expect((await handle.result()).status).toBe('PaymentFailed');
    expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 0, sold: 0 } });
    expect(await paymentOf(hold.orderId)).toMatchObject({ status: 'Failed', failureCode: 'card_declined' });
    expect((await stack.infra.db.order.findUnique({ where: { id: hold.orderId } }))?.failureCode).toBe('card_declined');
    expect(await stack.infra.db.ticket.count({ where: { orderId: hold.orderId } })).toBe(0);
  });

  it('a payment needing the customer waits for the webhook, then completes', async () => {
    const { concertId, hold, handle } = await checkout(PENDING_PM);
    await untilStatus(hold.orderId, 'AwaitingPayment');
    expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 2, sold: 0 } });
    const { intentId } = await eventually(async () => (await paymentOf(hold.orderId))?.intentId ?? undefined).then(
      (id) => ({ intentId: id }),
    );
    await handle.signal(paymentSucceededSignal, { intentId, eventId: 'evt_1' });
    expect((await handle.result()).status).toBe('Fulfilled');
    expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 0, sold: 2 } });
  });

  it('duplicated and out-of-order webhooks change nothing after the first outcome', async () => {
    const { concertId, hold, handle } = await checkout(PENDING_PM);
    const intentId = await eventually(async () => (await paymentOf(hold.orderId))?.intentId ?? undefined);
    await handle.signal(paymentSucceededSignal, { intentId, eventId: 'evt_ok' });
    await handle.signal(paymentSucceededSignal, { intentId, eventId: 'evt_ok' });
    await handle.signal(paymentFailedSignal, { intentId, eventId: 'evt_late_fail', failureCode: 'card_declined' });
    expect((await handle.result()).status).toBe('Fulfilled');
    expect(await stack.infra.db.ticket.count({ where: { orderId: hold.orderId } })).toBe(2);
    expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 0, sold: 2 } });
    expect((await eventTypes(`payment-${hold.orderId}`)).filter((t) => t === 'PaymentSucceeded')).toHaveLength(1);
  });

  it('the customer cancels before paying: Cancelled, hold released, the intent cancelled', async () => {
    const { concertId, fan, hold, handle } = await checkout(PENDING_PM);
    await eventually(async () => (await paymentOf(hold.orderId))?.intentId ?? undefined);
    const queries = new OrderQueries(
      stack.infra.db,
      new PaymentQueries(stack.infra.db),
      new TicketQueries(stack.infra.db, new TicketCodes(stack.config.tickets.codeSecret)),
    );
    const cancellation = new OrderCancellation(stack.temporal, queries);
    await expect(cancellation.cancel(randomUUID(), hold.orderId)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(cancellation.cancel(fan.userId, hold.orderId)).resolves.toEqual({
      orderId: hold.orderId,
      status: 'Cancelled',
    });
    expect((await handle.result()).status).toBe('Cancelled');
    expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 0, sold: 0 } });
    expect(await paymentOf(hold.orderId)).toMatchObject({ status: 'Cancelled' });
    // Once it is over, cancelling again is a conflict, not a second cancellation.
    await expect(cancellation.cancel(fan.userId, hold.orderId)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'order_not_cancellable',
    });
  });

  it('cancelled from the Temporal UI (or a client) during payment still compensates', async () => {
    const { concertId, hold, handle } = await checkout(PENDING_PM);
    await untilStatus(hold.orderId, 'AwaitingPayment');
    await handle.cancel();
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    expect(await orderStatus(hold.orderId)).toBe('Cancelled');
    expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 0, sold: 0 } });
    expect(await eventTypes(`order-${hold.orderId}`)).toEqual([
      'OrderPlaced',
      'TicketsHeld',
      'PaymentAwaited',
      'HoldReleased',
      'OrderCancelled',
    ]);
  });

  it('answers 409-style sold out naming the lines, holding nothing and keeping the cart', async () => {
    const { concertId } = await scheduleTestConcert(stack.infra, [
      { code: 'GA', capacity: 5 },
      { code: 'VIP', capacity: 1 },
    ]);
    const fan = await registerFan(stack.infra);
    await fillCart(stack.infra, fan.userId, [
      { concertId, ticketLevel: 'GA', quantity: 2 },
      { concertId, ticketLevel: 'VIP', quantity: 1 },
    ]);
    // Someone else takes the only VIP ticket first.
    const rival = await registerFan(stack.infra);
    await fillCart(stack.infra, rival.userId, [{ concertId, ticketLevel: 'VIP', quantity: 1 }]);
    const requests = checkoutRequests(stack.infra, stack.temporal);
    const first = await requests.checkout(rival.userId, randomUUID(), {
      paymentMethodId: PENDING_PM,
      delivery: EMAIL_DELIVERY,
    });
    expect(first.status).toBe('TicketsHeld');

    const refused = await requests.checkout(fan.userId, randomUUID(), {
      paymentMethodId: 'pm_card_visa',
      delivery: EMAIL_DELIVERY,
    });
    expect(refused).toMatchObject({
      status: 'Rejected',
      holdExpiresAt: null,
      soldOut: [{ concertId, ticketLevel: 'VIP', requested: 1, available: 0 }],
    });
    expect(await stockOf(stack.infra, concertId)).toEqual({
      GA: { capacity: 5, held: 0, sold: 0 },
      VIP: { capacity: 1, held: 1, sold: 0 },
    });
    const cartLines = await stack.infra.db.cartLine.count({ where: { concertId } });
    expect(cartLines).toBe(2); // the fan's two lines are still in the cart
  });
});
