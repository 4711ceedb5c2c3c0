import { randomUUID } from 'node:crypto';
import { ConcertCancellations } from '../../src/application/catalog/concert-cancellations';
import { ConcertCatalog } from '../../src/application/catalog/concert-catalog';
import { ConcertCommands } from '../../src/application/catalog/concert-commands';
import { ConcertManagement } from '../../src/application/catalog/concert-management';
import { AccountCommands } from '../../src/application/accounts/account-commands';
import { checkoutWorkflowId } from '../../src/workflows/checkout.contract';
import { concertCancellationWorkflowId } from '../../src/workflows/concert-cancellation.contract';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { checkoutRequests, EMAIL_DELIVERY, fillCart, registerFan, scheduleTestConcert, stockOf } from '../support/shop';

// Cancelling a concert after sales: holds released, every paid order refunded once, tickets voided,
// buyers emailed; running it again does nothing more.

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ HOLD_TTL: '10m' });
});
afterAll(() => stack.stop());

const ORGANIZER = { id: randomUUID(), email: 'organizer@example.test', name: 'Organizer', role: 'admin' as const };

it('refunds every paid order once, voids their tickets, emails the buyers and releases every hold', async () => {
  const { concertId } = await scheduleTestConcert(stack.infra, [{ code: 'GA', capacity: 20 }], 'Doomed Tour');
  const requests = checkoutRequests(stack.infra, stack.temporal);
  const buy = async (paymentMethodId: string) => {
    const fan = await registerFan(stack.infra);
    await fillCart(stack.infra, fan.userId, [{ concertId, ticketLevel: 'GA', quantity: 2 }]);
    const hold = await requests.checkout(fan.userId, randomUUID(), { paymentMethodId, delivery: EMAIL_DELIVERY });
    return { ...fan, orderId: hold.orderId };
  };
  const paid = await Promise.all([buy('pm_card_visa'), buy('pm_card_visa'), buy('pm_card_visa')]);
  for (const p of paid) await stack.temporal.workflow.getHandle(checkoutWorkflowId(p.orderId)).result();
  const pending = await buy('pm_card_authenticationRequired');
  expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 20, held: 2, sold: 6 } });

  const accounts = new AccountCommands(stack.infra.eventStore);
  const management = new ConcertManagement(
    new ConcertCommands(stack.infra.eventStore),
    accounts,
    new ConcertCatalog(stack.infra.db),
    { assertCanManageConcerts: async () => undefined },
  );
  const cancellations = new ConcertCancellations(management, stack.temporal, stack.config);
  await cancellations.cancel(concertId, 'The band split up', ORGANIZER);
  const handle = stack.temporal.workflow.getHandle(concertCancellationWorkflowId(concertId));
  await expect(handle.result()).resolves.toEqual({
    concertId,
    phase: 'completed',
    released: 1,
    paidOrders: 3,
    refunded: 3,
    emailed: 3,
  });

  for (const p of paid) {
    expect(await stack.infra.db.order.findUnique({ where: { id: p.orderId } })).toMatchObject({ status: 'Refunded' });
    expect(await stack.infra.db.payment.findFirst({ where: { orderId: p.orderId } })).toMatchObject({
      status: 'Refunded',
      refundedAmount: 9000n,
    });
    const tickets = await stack.infra.db.ticket.findMany({ where: { orderId: p.orderId } });
    expect(tickets.map((t) => t.status)).toEqual(['voided', 'voided']);
    const mail = await eventually(() =>
      stack.sink.messages().find((m) => m.to.includes(p.email) && m.subject.includes('Cancelled: Doomed Tour')),
    );
    expect(mail.text).toContain('refunded in full');
  }
  expect(await stack.infra.db.order.findUnique({ where: { id: pending.orderId } })).toMatchObject({
    status: 'Cancelled',
    cancelReason: 'concert_cancelled',
  });
  await expect(stack.temporal.workflow.getHandle(checkoutWorkflowId(pending.orderId)).result()).resolves.toMatchObject({
    status: 'Cancelled',
  });
  expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 20, held: 0, sold: 0 } });

  // Safe to re-run: the second run finds nothing left to do.
  await cancellations.cancel(concertId, undefined, ORGANIZER);
  const rerun = stack.temporal.workflow.getHandle(concertCancellationWorkflowId(concertId));
  await expect(rerun.result()).resolves.toMatchObject({ phase: 'completed', released: 0, paidOrders: 0 });
  for (const p of paid) {
    const types = (await stack.infra.eventStore.readStream(`payment-${p.orderId}`)).map((e) => e.type);
    expect(types.filter((t) => t === 'PaymentRefunded')).toHaveLength(1);
  }
  const cancelMails = stack.sink.messages().filter((m) => m.subject.includes('Cancelled: Doomed Tour'));
  expect(cancelMails).toHaveLength(3);
}, 90_000);
