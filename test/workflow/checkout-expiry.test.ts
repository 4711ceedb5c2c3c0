import { randomUUID } from 'node:crypto';
import { checkoutWorkflowId } from '../../src/workflows/checkout.contract';
import { latePaymentWorkflowId } from '../../src/workflows/late-payment.contract';
import type { latePaymentWorkflow as LatePaymentWorkflow } from '../../src/workflows/late-payment.workflow';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { checkoutRequests, EMAIL_DELIVERY, fillCart, registerFan, scheduleTestConcert, stockOf } from '../support/shop';

// Holds that run out: a short HOLD_TTL on the real dev server.

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ HOLD_TTL: '2s' });
});
afterAll(() => stack.stop());

async function pendingCheckout() {
  const { concertId } = await scheduleTestConcert(stack.infra, [{ code: 'GA', capacity: 4 }]);
  const fan = await registerFan(stack.infra);
  await fillCart(stack.infra, fan.userId, [{ concertId, ticketLevel: 'GA', quantity: 3 }]);
  const hold = await checkoutRequests(stack.infra, stack.temporal).checkout(fan.userId, randomUUID(), {
    paymentMethodId: 'pm_card_authenticationRequired',
    delivery: EMAIL_DELIVERY,
  });
  return { concertId, hold, handle: stack.temporal.workflow.getHandle(checkoutWorkflowId(hold.orderId)) };
}

const paymentOf = (orderId: string) => stack.infra.db.payment.findFirst({ where: { orderId } });

describe('hold expiry', () => {
  it('an unpaid hold expires: Expired, tickets back on sale, the intent cancelled', async () => {
    const { concertId, hold, handle } = await pendingCheckout();
    expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 4, held: 3, sold: 0 } });
    expect((await handle.result()).status).toBe('Expired');
    expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 4, held: 0, sold: 0 } });
    expect(await stack.infra.db.order.findUnique({ where: { id: hold.orderId } })).toMatchObject({ status: 'Expired' });
    expect(await paymentOf(hold.orderId)).toMatchObject({ status: 'Cancelled' });
  });

  it('a payment that succeeds after the hold expired (and the checkout closed) is refunded', async () => {
    const { concertId, hold, handle } = await pendingCheckout();
    const intentId = await eventually(async () => (await paymentOf(hold.orderId))?.intentId ?? undefined);
    expect((await handle.result()).status).toBe('Expired');
    // What POST /webhooks/stripe does when payment_intent.succeeded finds the checkout closed.
    await stack.temporal.workflow.execute<typeof LatePaymentWorkflow>('latePaymentWorkflow', {
      workflowId: latePaymentWorkflowId(intentId),
      taskQueue: stack.config.temporal.taskQueue,
      args: [{ orderId: hold.orderId, intentId }],
    });
    expect(await paymentOf(hold.orderId)).toMatchObject({ status: 'Refunded', refundedAmount: 13500n });
    const types = (await stack.infra.eventStore.readStream(`payment-${hold.orderId}`)).map((e) => e.type);
    expect(types.filter((t) => t === 'PaymentRefunded')).toHaveLength(1);
    expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 4, held: 0, sold: 0 } });
    expect(await stack.infra.db.order.findUnique({ where: { id: hold.orderId } })).toMatchObject({ status: 'Expired' });
  });
});
