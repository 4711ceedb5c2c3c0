import { randomUUID } from 'node:crypto';
import { DomainError } from '../../src/domain/shared/errors';
import { checkoutWorkflowId } from '../../src/workflows/checkout.contract';
import { startTestStack, type TestStack } from '../support/stack';
import { checkoutRequests, EMAIL_DELIVERY, fillCart, registerFan, scheduleTestConcert, stockOf } from '../support/shop';

// Many buyers, few tickets: the hold is one transaction over locked stock rows, and the database's
// CHECK (held + sold <= capacity) stands behind it. Payments stay pending so the holds stay put.

const PENDING_PM = 'pm_card_authenticationRequired';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ HOLD_TTL: '10m' });
});
afterAll(async () => {
  // The pending checkouts of this file would wait for their holds to expire: end them.
  const pending = stack.temporal.workflow.list({
    query: `TaskQueue = '${stack.config.temporal.taskQueue}' AND ExecutionStatus = 'Running'`,
  });
  for await (const wf of pending) await stack.temporal.workflow.getHandle(wf.workflowId).terminate('test over');
  await stack.stop();
});

describe('checkout under concurrency', () => {
  it('200 concurrent checkouts for 50 tickets: exactly 50 held, 150 clean sold-out answers', async () => {
    const { concertId } = await scheduleTestConcert(stack.infra, [{ code: 'GA', capacity: 50 }]);
    const buyers = Array.from({ length: 200 }, () => randomUUID());
    await Promise.all(
      buyers.map((userId) => fillCart(stack.infra, userId, [{ concertId, ticketLevel: 'GA', quantity: 1 }])),
    );
    const requests = checkoutRequests(stack.infra, stack.temporal);

    const results = await Promise.all(
      buyers.map((userId) =>
        requests.checkout(userId, randomUUID(), { paymentMethodId: PENDING_PM, delivery: EMAIL_DELIVERY }),
      ),
    );

    const held = results.filter((r) => r.status === 'TicketsHeld');
    const refused = results.filter((r) => r.status === 'Rejected');
    expect(held).toHaveLength(50);
    expect(refused).toHaveLength(150);
    for (const r of refused) {
      expect(r.soldOut).toEqual([{ concertId, ticketLevel: 'GA', requested: 1, available: 0 }]);
      expect(r.refusal).toBeUndefined();
    }
    const stock = await stockOf(stack.infra, concertId);
    expect(stock.GA.held + stock.GA.sold).toBe(50);
    expect(stock.GA.held + stock.GA.sold).toBeLessThanOrEqual(stock.GA.capacity);
    // The read models agree with the stock: 50 orders hold one ticket each, 150 were rejected.
    const byStatus = await stack.infra.db.order.groupBy({
      by: ['status'],
      where: { lines: { some: { concertId } } },
      _count: true,
    });
    const counts = Object.fromEntries(byStatus.map((g) => [g.status, g._count]));
    expect((counts.TicketsHeld ?? 0) + (counts.AwaitingPayment ?? 0)).toBe(50);
    expect(counts.Rejected).toBe(150);
  }, 120_000);

  it('the database itself refuses to oversell, whatever the code above it does', async () => {
    const { concertId } = await scheduleTestConcert(stack.infra, [{ code: 'GA', capacity: 3 }]);
    await expect(
      stack.infra.db.$executeRaw`UPDATE concert_ticket_levels SET held = 4 WHERE concert_id = ${concertId}::uuid`,
    ).rejects.toThrow(/concert_ticket_levels_stock_check/);
  });

  it('the same Idempotency-Key posted 10 times at once makes one order', async () => {
    const { concertId } = await scheduleTestConcert(stack.infra, [{ code: 'GA', capacity: 10 }]);
    const fan = await registerFan(stack.infra);
    await fillCart(stack.infra, fan.userId, [{ concertId, ticketLevel: 'GA', quantity: 3 }]);
    const requests = checkoutRequests(stack.infra, stack.temporal);
    const key = randomUUID();
    const body = { paymentMethodId: PENDING_PM, delivery: EMAIL_DELIVERY };

    const results = await Promise.all(Array.from({ length: 10 }, () => requests.checkout(fan.userId, key, body)));

    const orderIds = new Set(results.map((r) => r.orderId));
    expect(orderIds.size).toBe(1);
    for (const r of results)
      expect(r).toMatchObject({ status: 'TicketsHeld', holdExpiresAt: results[0].holdExpiresAt });
    expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 3, sold: 0 } });
    expect(await stack.infra.db.order.count({ where: { customerId: fan.userId } })).toBe(1);

    // The same key with another body is a different request: refused, nothing changes.
    await expect(
      requests.checkout(fan.userId, key, { paymentMethodId: 'pm_card_visa', delivery: EMAIL_DELIVERY }),
    ).rejects.toMatchObject({ kind: 'invalid', code: 'idempotency_key_reused' });
    expect(await stack.infra.db.order.count({ where: { customerId: fan.userId } })).toBe(1);
  });

  it('a retry after the checkout has finished returns the same order, never a second one', async () => {
    const { concertId } = await scheduleTestConcert(stack.infra, [{ code: 'GA', capacity: 10 }]);
    const fan = await registerFan(stack.infra);
    await fillCart(stack.infra, fan.userId, [{ concertId, ticketLevel: 'GA', quantity: 1 }]);
    const requests = checkoutRequests(stack.infra, stack.temporal);
    const key = randomUUID();
    const body = { paymentMethodId: 'pm_card_chargeDeclined', delivery: EMAIL_DELIVERY };
    const first = await requests.checkout(fan.userId, key, body);
    await stack.temporal.workflow.getHandle(checkoutWorkflowId(first.orderId)).result();

    // The cart is full again, but the key already made its order.
    await fillCart(stack.infra, fan.userId, [{ concertId, ticketLevel: 'GA', quantity: 1 }]);
    const again = await requests.checkout(fan.userId, key, body);
    expect(again).toMatchObject({ orderId: first.orderId, status: 'PaymentFailed' });
    expect(await stack.infra.db.order.count({ where: { customerId: fan.userId } })).toBe(1);
  });

  it('an empty cart is refused before anything starts', async () => {
    const error = await checkoutRequests(stack.infra, stack.temporal)
      .checkout(randomUUID(), randomUUID(), { paymentMethodId: 'pm_card_visa', delivery: EMAIL_DELIVERY })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'cart_empty' });
  });
});
