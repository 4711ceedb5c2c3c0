import { randomUUID } from 'node:crypto';
import { paymentStreamId } from '../../src/domain/payments/payment-events';
import { signPaymentWebhook } from '../../src/infra/payments/stripe-webhooks';
import { checkoutWorkflowId } from '../../src/workflows/checkout.contract';
import { latePaymentWorkflowId } from '../../src/workflows/late-payment.contract';
import { signUpOverHttp, startApiStack, type ApiTestStack, type HttpResult } from '../support/api-stack';
import { eventually } from '../support/stack';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'checkout-admin-7' };
const WEBHOOK_SECRET = 'whsec_checkout_journey_secret';
const PENDING_PM = 'pm_card_authenticationRequired';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

interface User {
  id: string;
  email: string;
  token: string;
}

/**
 * Issue 4 end to end over HTTP, on the real stack (API, worker, Temporal, Postgres, stripe-mock, mail
 * sink): a fan buys and is admitted at the door, a payment completes through Stripe's webhook, and a
 * cancelled concert gives every buyer their money back.
 */
describe('checkout journeys over HTTP', () => {
  let stack: ApiTestStack;
  let planId: string;

  beforeAll(async () => {
    stack = await startApiStack({
      HOLD_TTL: '10m',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    });
    const admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken as string;
    const plan = await stack.http('POST', '/plans', {
      token: admin,
      body: {
        name: `Checkout ${randomUUID().slice(0, 8)}`,
        monthlyPrice: 2900,
        currency: 'EUR',
        userLimit: 3,
        totalSeats: 500,
      },
    });
    expect(plan.status).toBe(201);
    planId = plan.body.id as string;
  });
  afterAll(() => stack?.stop());

  const signUp = (label: string): Promise<User> => signUpOverHttp(stack, label);

  /** An organizer with an account of the plan, and a concert of theirs on sale. */
  const organize = async (name: string, levels: Array<{ code: string; price: number; capacity: number }>) => {
    const organizer = await signUp('organizer');
    const account = await stack.http('POST', '/accounts', {
      token: organizer.token,
      body: { name: `${name} Live`, planId },
    });
    expect(account.status).toBe(201);
    const artist = `Artist ${randomUUID()}`;
    const concert = await stack.http('POST', `/accounts/${account.body.id}/concerts`, {
      token: organizer.token,
      body: {
        name,
        artist,
        venue: 'Hall 4',
        city: 'Lisbon',
        startsAt: inDays(30),
        ticketLevels: levels.map((l) => ({ ...l, name: `${l.code} tickets`, currency: 'EUR' })),
      },
    });
    expect(concert.status).toBe(201);
    return { organizer, artist, concertId: concert.body.id as string };
  };

  const addToCart = async (fan: User, concertId: string, ticketLevel: string, quantity: number) => {
    const added = await stack.http('POST', '/cart/items', {
      token: fan.token,
      body: { concertId, ticketLevel, quantity },
    });
    expect(added.status).toBe(201);
  };
  const checkout = (fan: User, paymentMethodId: string, key: string = randomUUID()) =>
    stack.http('POST', '/checkout', {
      token: fan.token,
      headers: { 'Idempotency-Key': key },
      body: { paymentMethodId, delivery: { method: 'email' } },
    });
  const buy = async (fan: User, concertId: string, quantity: number, paymentMethodId = 'pm_card_visa') => {
    await addToCart(fan, concertId, 'GA', quantity);
    const placed = await checkout(fan, paymentMethodId);
    expect(placed.status).toBe(201);
    return placed.body.orderId as string;
  };
  const order = async (fan: User, orderId: string) => {
    const res = await stack.http('GET', `/orders/${orderId}`, { token: fan.token });
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Polls the customer's view of the order until `done` says so. */
  const untilOrder = (fan: User, orderId: string, done: (o: HttpResult['body']) => boolean, timeoutMs = 30_000) =>
    eventually(async () => {
      const current = await order(fan, orderId);
      return done(current) ? current : undefined;
    }, timeoutMs);
  const fulfilled = (o: HttpResult['body']) =>
    o.status === 'Fulfilled' &&
    o.tickets.length > 0 &&
    o.tickets.every((t: { delivery: { status: string } }) => t.delivery.status === 'sent');
  const codeOf = async (fan: User, ticketId: string) => {
    const res = await stack.http('GET', `/tickets/${ticketId}`, { token: fan.token });
    expect(res.status).toBe(200);
    return res.body.code as string;
  };
  const validate = (organizer: User, concertId: string, code: string) =>
    stack.http('POST', '/tickets/validate', { token: organizer.token, body: { code, concertId } });
  const mailsTo = (email: string, subjectStart: string) =>
    stack.sink.messages().filter((m) => m.to.includes(email) && m.subject.startsWith(subjectStart));
  const levelsOf = (levels: Array<{ code: string; capacity: number; held: number; sold: number }>) =>
    Object.fromEntries(levels.map((l) => [l.code, { capacity: l.capacity, held: l.held, sold: l.sold }]));
  const summaryOf = async (organizer: User, concertId: string) => {
    const res = await stack.http('GET', `/concerts/${concertId}/ticket-summary`, { token: organizer.token });
    expect(res.status).toBe(200);
    return levelsOf(res.body.levels);
  };
  const eventTypes = async (streamId: string) => (await stack.infra.eventStore.readStream(streamId)).map((e) => e.type);
  const signedWebhook = (type: string, intentId: string, orderId: string) => {
    const payload = JSON.stringify({
      id: `evt_${randomUUID().replace(/-/g, '')}`,
      object: 'event',
      type,
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: intentId, object: 'payment_intent', status: 'succeeded', metadata: { orderId } } },
    });
    return () =>
      stack.http('POST', '/webhooks/stripe', {
        body: payload,
        headers: { 'stripe-signature': signPaymentWebhook(payload, WEBHOOK_SECRET) },
      });
  };

  it('browse, cart, checkout, ticket email, admitted once at the door; invoice and spend recorded', async () => {
    const { organizer, artist, concertId } = await organize('Spring Night', [
      { code: 'GA', price: 4500, capacity: 10 },
      { code: 'VIP', price: 12000, capacity: 5 },
    ]);
    const fan = await signUp('fan');

    // Browse: the concert is listed, with everything available.
    const listed = await stack.http('GET', `/concerts?artist=${encodeURIComponent(artist)}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([concertId]);

    await addToCart(fan, concertId, 'GA', 2);
    await addToCart(fan, concertId, 'VIP', 1);
    const placed = await checkout(fan, 'pm_card_visa');
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'TicketsHeld', total: { amount: 21000, currency: 'EUR' } });
    expect(Date.parse(placed.body.holdExpiresAt)).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(
      placed.body.lines.map((l: { ticketLevel: string; quantity: number }) => [l.ticketLevel, l.quantity]),
    ).toEqual(
      expect.arrayContaining([
        ['GA', 2],
        ['VIP', 1],
      ]),
    );
    const orderId = placed.body.orderId as string;

    // Held or sold, the tickets are no longer available to others.
    const details = await stack.http('GET', `/concerts/${concertId}`);
    expect(details.body.ticketLevels.map((l: { code: string; available: number }) => [l.code, l.available])).toEqual([
      ['GA', 8],
      ['VIP', 4],
    ]);

    const done = await untilOrder(fan, orderId, fulfilled);
    expect(done.payment).toMatchObject({ status: 'Succeeded', amount: 21000, currency: 'EUR' });
    expect(done.tickets).toHaveLength(3);
    expect((await stack.http('GET', '/cart', { token: fan.token })).body.lines).toEqual([]);

    // Each ticket's email carries the code its holder sees; the organizer admits it once.
    const ticketIds = done.tickets.map((t: { id: string }) => t.id as string);
    const mails = await eventually(() => {
      const sent = mailsTo(fan.email, 'Your ticket:');
      return sent.length >= 3 ? sent : undefined;
    });
    expect(mails).toHaveLength(3);
    for (const ticketId of ticketIds) {
      const code = await codeOf(fan, ticketId);
      expect(mails.filter((m) => m.text?.includes(code) && m.html?.includes(code))).toHaveLength(1);
    }
    const code = await codeOf(fan, ticketIds[0]);
    const first = await validate(organizer, concertId, code);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ result: 'valid', ticketId: ticketIds[0], concertId });
    const second = await validate(organizer, concertId, code);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      result: 'already_used',
      ticketId: ticketIds[0],
      admittedAt: first.body.admittedAt,
    });
    expect((await validate(organizer, concertId, 'NOT-A-TICKET-CODE')).body.result).toBe('unknown');

    // Finance: one invoice whose total is the sum of its lines, and the spend in the summary.
    const invoices = await stack.http('GET', '/invoices', { token: fan.token });
    expect(invoices.status).toBe(200);
    expect(invoices.body.items).toHaveLength(1);
    const [invoice] = invoices.body.items;
    expect(invoice).toMatchObject({ orderId, total: 21000, currency: 'EUR' });
    expect(invoice.lines.reduce((sum: number, l: { amount: number }) => sum + l.amount, 0)).toBe(invoice.total);
    expect(
      invoice.lines.map((l: { quantity: number; unitPrice: number; amount: number }) => l.quantity * l.unitPrice),
    ).toEqual(invoice.lines.map((l: { amount: number }) => l.amount));
    const finance = await stack.http('GET', '/me/finance', { token: fan.token });
    expect(finance.status).toBe(200);
    expect(finance.body.currencies).toEqual([
      {
        currency: 'EUR',
        ongoing: { count: 0, amount: 0 },
        completed: { count: 1, amount: 21000 },
        refunds: { count: 0, amount: 0 },
        totalSpent: 21000,
      },
    ]);

    // The organizer sees them sold.
    expect(await summaryOf(organizer, concertId)).toEqual({
      GA: { capacity: 10, held: 0, sold: 2 },
      VIP: { capacity: 5, held: 0, sold: 1 },
    });
  });

  it('completes a payment needing the customer when Stripe’s signed webhook arrives, once however often', async () => {
    const { concertId, organizer } = await organize('Webhook Night', [{ code: 'GA', price: 4500, capacity: 10 }]);
    const fan = await signUp('fan');
    const orderId = await buy(fan, concertId, 2, PENDING_PM);

    const awaiting = await untilOrder(fan, orderId, (o) => o.status === 'AwaitingPayment' && !!o.payment?.intentId);
    expect(awaiting.payment).toMatchObject({ status: 'Pending', amount: 9000 });
    expect(awaiting.tickets).toEqual([]);
    const payments = await stack.http('GET', '/payments', { token: fan.token });
    expect(payments.body.items).toEqual([expect.objectContaining({ orderId, intentId: awaiting.payment.intentId })]);
    expect((await stack.http('GET', '/me/finance', { token: fan.token })).body.currencies).toEqual([
      expect.objectContaining({
        ongoing: { count: 1, amount: 9000 },
        completed: { count: 0, amount: 0 },
        totalSpent: 0,
      }),
    ]);
    expect(await summaryOf(organizer, concertId)).toEqual({ GA: { capacity: 10, held: 2, sold: 0 } });

    const webhook = signedWebhook('payment_intent.succeeded', awaiting.payment.intentId, orderId);
    const answered = await webhook();
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ received: true });

    const done = await untilOrder(fan, orderId, fulfilled);
    expect(done.payment.status).toBe('Succeeded');
    expect(done.tickets).toHaveLength(2);

    // Stripe repeats the event, while the checkout may still run and after it has finished: acknowledged
    // both times, and the money is kept.
    expect((await webhook()).status).toBe(200);
    await expect(stack.temporal.workflow.getHandle(checkoutWorkflowId(orderId)).result()).resolves.toMatchObject({
      status: 'Fulfilled',
    });
    expect((await webhook()).status).toBe(200);
    await expect(
      stack.temporal.workflow.getHandle(latePaymentWorkflowId(awaiting.payment.intentId)).result(),
    ).resolves.toEqual({ outcome: 'kept' });
    const after = await order(fan, orderId);
    expect(after.status).toBe('Fulfilled');
    expect(after.payment).toMatchObject({ status: 'Succeeded', refundedAmount: 0 });
    expect(after.tickets.map((t: { id: string }) => t.id).sort()).toEqual(
      done.tickets.map((t: { id: string }) => t.id).sort(),
    );
    expect(await stack.infra.db.ticket.count({ where: { orderId } })).toBe(2);
    expect((await eventTypes(paymentStreamId(orderId))).filter((t) => t === 'PaymentSucceeded')).toHaveLength(1);
    expect(await summaryOf(organizer, concertId)).toEqual({ GA: { capacity: 10, held: 0, sold: 2 } });
  });

  it('a cancelled concert refunds every buyer, voids their tickets, emails them, and releases pending holds', async () => {
    const { organizer, concertId } = await organize('Storm Night', [{ code: 'GA', price: 4500, capacity: 20 }]);
    const buyers = await Promise.all([signUp('buyer'), signUp('buyer'), signUp('buyer')]);
    const quantities = [1, 2, 3];
    const paid = await Promise.all(
      buyers.map(async (fan, i) => {
        const orderId = await buy(fan, concertId, quantities[i]);
        const done = await untilOrder(fan, orderId, fulfilled);
        const codes = await Promise.all(done.tickets.map((t: { id: string }) => codeOf(fan, t.id)));
        return { fan, orderId, amount: 4500 * quantities[i], codes };
      }),
    );
    const waiting = await signUp('waiting');
    const pendingOrderId = await buy(waiting, concertId, 1, PENDING_PM);
    await untilOrder(waiting, pendingOrderId, (o) => o.status === 'AwaitingPayment' && !!o.payment?.intentId);
    expect(await summaryOf(organizer, concertId)).toEqual({ GA: { capacity: 20, held: 1, sold: 6 } });

    const cancelled = await stack.http('POST', `/concerts/${concertId}/cancel`, { token: organizer.token, body: {} });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');

    const progress = await eventually(async () => {
      const res = await stack.http('GET', `/concerts/${concertId}/cancellation`, { token: organizer.token });
      return res.status === 200 && res.body.phase === 'completed' ? res.body : undefined;
    }, 30_000);
    expect(progress).toMatchObject({ concertId, released: 1, paidOrders: 3, refunded: 3, emailed: 3 });

    for (const { fan, orderId, amount, codes } of paid) {
      const refunded = await order(fan, orderId);
      expect(refunded.status).toBe('Refunded');
      expect(refunded.payment).toMatchObject({ status: 'Refunded', amount, refundedAmount: amount });
      expect(refunded.payment.refundId).toMatch(/^re_/);
      const payments = await stack.http('GET', '/payments', { token: fan.token });
      expect(payments.body.items.map((p: { orderId: string; status: string }) => [p.orderId, p.status])).toEqual([
        [orderId, 'Refunded'],
      ]);
      const mails = mailsTo(fan.email, 'Cancelled: Storm Night');
      expect(mails).toHaveLength(1);
      for (const code of codes) {
        const scanned = await validate(organizer, concertId, code);
        expect(scanned.status).toBe(200);
        expect(scanned.body.result).toBe('voided');
      }
      const finance = await stack.http('GET', '/me/finance', { token: fan.token });
      expect(finance.body.currencies).toEqual([
        expect.objectContaining({ completed: { count: 0, amount: 0 }, refunds: { count: 1, amount }, totalSpent: 0 }),
      ]);
    }
    const pending = await untilOrder(waiting, pendingOrderId, (o) => o.status === 'Cancelled');
    expect(pending.payment.status).toBe('Cancelled');
    expect(mailsTo(waiting.email, 'Cancelled:')).toEqual([]);
    // Refunded tickets are no longer sold.
    expect(await summaryOf(organizer, concertId)).toEqual({ GA: { capacity: 20, held: 0, sold: 0 } });

    // Cancelling again re-runs the aftermath, which finds nothing left to do.
    const again = await stack.http('POST', `/concerts/${concertId}/cancel`, { token: organizer.token, body: {} });
    expect(again.status).toBe(200);
    const rerun = await eventually(async () => {
      const res = await stack.http('GET', `/concerts/${concertId}/cancellation`, { token: organizer.token });
      return res.status === 200 && res.body.phase === 'completed' ? res.body : undefined;
    }, 30_000);
    expect(rerun).toMatchObject({ released: 0, paidOrders: 0, refunded: 0 });
    for (const { fan, orderId } of paid) {
      expect((await eventTypes(paymentStreamId(orderId))).filter((t) => t === 'PaymentRefunded')).toHaveLength(1);
      expect(mailsTo(fan.email, 'Cancelled:')).toHaveLength(1);
      expect((await order(fan, orderId)).status).toBe('Refunded');
    }
    expect((await order(waiting, pendingOrderId)).status).toBe('Cancelled');
  });
});
