import { randomUUID } from 'node:crypto';
import { paymentStreamId } from '../../src/domain/payments/payment-events';
import { signPaymentWebhook } from '../../src/infra/payments/stripe-webhooks';
import { checkoutWorkflowId } from '../../src/workflows/checkout.contract';
import { signUpOverHttp, startApiStack, type ApiTestStack, type HttpResult } from '../support/api-stack';
import { stockOf } from '../support/shop';
import { eventually } from '../support/stack';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'checkout-api-admin-7' };
const WEBHOOK_SECRET = 'whsec_checkout_api_secret';
const PENDING_PM = 'pm_card_authenticationRequired';
const EMAIL = { method: 'email' } as const;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface User {
  id: string;
  email: string;
  token: string;
}

/** Bad input and edge cases of checkout and the order, ticket and support endpoints around it. */
describe('checkout API over HTTP: refusals and edge cases', () => {
  let stack: ApiTestStack;
  let admin: string;
  let organizer: User;
  let accountId: string;
  let otherOrganizer: User;

  const signUp = (label: string): Promise<User> => signUpOverHttp(stack, label);
  const openAccount = async (owner: User, planId: string) => {
    const res = await stack.http('POST', '/accounts', { token: owner.token, body: { name: 'Edge Live', planId } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    stack = await startApiStack({
      HOLD_TTL: '10m',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    });
    admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken as string;
    const plan = await stack.http('POST', '/plans', {
      token: admin,
      body: {
        name: `Edge ${randomUUID().slice(0, 8)}`,
        monthlyPrice: 2900,
        currency: 'EUR',
        userLimit: 3,
        totalSeats: 500,
      },
    });
    expect(plan.status).toBe(201);
    organizer = await signUp('organizer');
    accountId = await openAccount(organizer, plan.body.id);
    otherOrganizer = await signUp('other-organizer');
    await openAccount(otherOrganizer, plan.body.id);
  });
  afterAll(() => stack?.stop());

  const scheduleConcert = async (levels = [{ code: 'GA', capacity: 10 }]) => {
    const res = await stack.http('POST', `/accounts/${accountId}/concerts`, {
      token: organizer.token,
      body: {
        name: 'Edge Night',
        artist: 'The Edge Cases',
        venue: 'Hall 2',
        city: 'Ghent',
        startsAt: inDays(30),
        ticketLevels: levels.map((l) => ({ ...l, name: `${l.code} tickets`, price: 4500, currency: 'EUR' })),
      },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const addToCart = async (fan: User, concertId: string, quantity = 1, ticketLevel = 'GA') => {
    const res = await stack.http('POST', '/cart/items', {
      token: fan.token,
      body: { concertId, ticketLevel, quantity },
    });
    expect(res.status).toBe(201);
  };
  const checkout = (
    fan: User | undefined,
    body: unknown,
    /** null: no Idempotency-Key header at all. */
    key: string | null = randomUUID(),
  ): Promise<HttpResult> =>
    stack.http('POST', '/checkout', {
      token: fan?.token,
      headers: key === null ? {} : { 'Idempotency-Key': key },
      body,
    });
  /** A fan with a cart for a new concert, and a placed order of `paymentMethodId`. */
  const placeOrder = async (fan: User, concertId: string, paymentMethodId: string, quantity = 1) => {
    await addToCart(fan, concertId, quantity);
    const res = await checkout(fan, { paymentMethodId, delivery: EMAIL });
    expect(res.status).toBe(201);
    return res.body.orderId as string;
  };
  const orderOf = async (fan: User, orderId: string) => {
    const res = await stack.http('GET', `/orders/${orderId}`, { token: fan.token });
    expect(res.status).toBe(200);
    return res.body;
  };
  const untilOrder = (fan: User, orderId: string, done: (o: HttpResult['body']) => boolean) =>
    eventually(async () => {
      const order = await orderOf(fan, orderId);
      return done(order) ? order : undefined;
    }, 30_000);
  const awaitingPayment = (o: HttpResult['body']) => o.status === 'AwaitingPayment' && !!o.payment?.intentId;
  const fulfilled = (o: HttpResult['body']) =>
    o.status === 'Fulfilled' && o.tickets.every((t: { delivery: { status: string } }) => t.delivery.status === 'sent');

  /** The refusal is a problem+json with this status and code. */
  const expectProblem = (res: HttpResult, status: number, code: string) => {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.status).toBe(status);
  };
  /** What a refused checkout must leave as it was: the customer's orders, the stock, the cart. */
  const footprint = async (fan: User, concertId: string) => ({
    orders: await stack.infra.db.order.count({ where: { customerId: fan.id } }),
    stock: await stockOf(stack.infra, concertId),
    cart: (await stack.http('GET', '/cart', { token: fan.token })).body.lines,
  });

  describe('POST /checkout', () => {
    it('refuses malformed requests with 400 and writes nothing', async () => {
      const concertId = await scheduleConcert();
      const fan = await signUp('fan');
      await addToCart(fan, concertId, 2);
      const before = await footprint(fan, concertId);
      expect(before.cart).toHaveLength(1);

      const address = { name: 'Ada', line1: 'Rue 1', postalCode: '9000', city: 'Ghent', country: 'BE' };
      const refusals: Array<[string, HttpResult]> = [
        ['no key', await checkout(fan, { paymentMethodId: 'pm_card_visa', delivery: EMAIL }, null)],
        ['empty key', await checkout(fan, { paymentMethodId: 'pm_card_visa', delivery: EMAIL }, '')],
        ['not a pm id', await checkout(fan, { paymentMethodId: 'card_visa', delivery: EMAIL })],
        ['pm id with dash', await checkout(fan, { paymentMethodId: 'pm_card-visa', delivery: EMAIL })],
        ['pm prefix only', await checkout(fan, { paymentMethodId: 'pm_', delivery: EMAIL })],
        [
          'courier no address',
          await checkout(fan, { paymentMethodId: 'pm_card_visa', delivery: { method: 'courier' } }),
        ],
        [
          'courier bad country',
          await checkout(fan, {
            paymentMethodId: 'pm_card_visa',
            delivery: { method: 'courier', address: { ...address, country: 'Belgium' } },
          }),
        ],
        ['unknown method', await checkout(fan, { paymentMethodId: 'pm_card_visa', delivery: { method: 'pigeon' } })],
        ['no delivery', await checkout(fan, { paymentMethodId: 'pm_card_visa' })],
        ['unknown field', await checkout(fan, { paymentMethodId: 'pm_card_visa', delivery: EMAIL, coupon: 'FREE' })],
        ['no body', await checkout(fan, undefined)],
      ];
      for (const [label, res] of refusals) {
        expect([label, res.status, res.body.code]).toEqual([label, 400, 'validation_failed']);
        expectProblem(res, 400, 'validation_failed');
      }
      expect(refusals[0][1].body.errors).toEqual([
        { path: 'Idempotency-Key', message: expect.stringMatching(/required/) },
      ]);
      expect(refusals[2][1].body.errors[0].path).toBe('paymentMethodId');
      expect(refusals[5][1].body.errors.map((e: { path: string }) => e.path).join()).toMatch(/delivery/);
      expect(await footprint(fan, concertId)).toEqual(before);
    });

    it('refuses without a token (401) and with an empty cart (422 cart_empty), writing nothing', async () => {
      const concertId = await scheduleConcert();
      const fan = await signUp('fan');
      const empty = await checkout(fan, { paymentMethodId: 'pm_card_visa', delivery: EMAIL });
      expectProblem(empty, 422, 'cart_empty');
      expect(await stack.infra.db.order.count({ where: { customerId: fan.id } })).toBe(0);

      await addToCart(fan, concertId, 2);
      const before = await footprint(fan, concertId);
      const anonymous = await checkout(undefined, { paymentMethodId: 'pm_card_visa', delivery: EMAIL });
      expectProblem(anonymous, 401, 'authentication_required');
      const forged = await stack.http('POST', '/checkout', {
        token: `${fan.token}x`,
        headers: { 'Idempotency-Key': randomUUID() },
        body: { paymentMethodId: 'pm_card_visa', delivery: EMAIL },
      });
      expect(forged.status).toBe(401);
      expect(forged.headers.get('content-type')).toContain('application/problem+json');
      expect(await footprint(fan, concertId)).toEqual(before);
    });

    it('makes one order per Idempotency-Key, and refuses the key with another body (422)', async () => {
      const concertId = await scheduleConcert();
      const fan = await signUp('fan');
      await addToCart(fan, concertId, 2);
      const key = randomUUID();
      const body = { paymentMethodId: PENDING_PM, delivery: EMAIL };

      // Raced retries of one request: one order, held once.
      const raced = await Promise.all(Array.from({ length: 5 }, () => checkout(fan, body, key)));
      expect(raced.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      const orderId = raced[0].body.orderId as string;
      expect(new Set(raced.map((r) => r.body.orderId))).toEqual(new Set([orderId]));
      expect(new Set(raced.map((r) => r.body.holdExpiresAt))).toEqual(new Set([raced[0].body.holdExpiresAt]));
      await untilOrder(fan, orderId, awaitingPayment);

      const retried = await checkout(fan, body, key);
      expect(retried.status).toBe(201);
      expect(retried.body).toMatchObject({ orderId, holdExpiresAt: raced[0].body.holdExpiresAt });

      const before = await footprint(fan, concertId);
      expect(before.orders).toBe(1);
      expect(before.stock).toEqual({ GA: { capacity: 10, held: 2, sold: 0 } });
      for (const other of [
        { paymentMethodId: 'pm_card_visa', delivery: EMAIL },
        {
          paymentMethodId: PENDING_PM,
          delivery: {
            method: 'courier',
            address: { name: 'Ada', line1: 'Rue 1', postalCode: '9000', city: 'Ghent', country: 'BE' },
          },
        },
      ]) {
        expectProblem(await checkout(fan, other, key), 422, 'idempotency_key_reused');
      }
      expect(await footprint(fan, concertId)).toEqual(before);
      expect((await orderOf(fan, orderId)).status).toBe('AwaitingPayment');

      // Another customer's same key is their own, unrelated request (their cart is empty).
      const stranger = await signUp('stranger');
      expectProblem(await checkout(stranger, body, key), 422, 'cart_empty');
    });

    it('answers a finished checkout’s key with the same order', async () => {
      const concertId = await scheduleConcert();
      const fan = await signUp('fan');
      await addToCart(fan, concertId, 1);
      const key = randomUUID();
      const body = { paymentMethodId: 'pm_card_visa', delivery: EMAIL };
      const first = await checkout(fan, body, key);
      expect(first.status).toBe(201);
      await stack.temporal.workflow.getHandle(checkoutWorkflowId(first.body.orderId)).result();

      const again = await checkout(fan, body, key);
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ orderId: first.body.orderId, holdExpiresAt: first.body.holdExpiresAt });
      expectProblem(await checkout(fan, { ...body, paymentMethodId: PENDING_PM }, key), 422, 'idempotency_key_reused');
      expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 0, sold: 1 } });
      expect(await stack.infra.db.order.count({ where: { customerId: fan.id } })).toBe(1);
    });

    it('answers 409 sold_out naming the line, holding nothing and keeping the cart', async () => {
      const concertId = await scheduleConcert([
        { code: 'GA', capacity: 5 },
        { code: 'VIP', capacity: 1 },
      ]);
      const fan = await signUp('fan');
      await addToCart(fan, concertId, 2, 'GA');
      await addToCart(fan, concertId, 1, 'VIP');
      const rival = await signUp('rival');
      await addToCart(rival, concertId, 1, 'VIP');
      expect((await checkout(rival, { paymentMethodId: PENDING_PM, delivery: EMAIL })).status).toBe(201);
      const before = await footprint(fan, concertId);
      expect(before.stock).toEqual({ GA: { capacity: 5, held: 0, sold: 0 }, VIP: { capacity: 1, held: 1, sold: 0 } });

      const key = randomUUID();
      const refused = await checkout(fan, { paymentMethodId: 'pm_card_visa', delivery: EMAIL }, key);
      expectProblem(refused, 409, 'sold_out');
      expect(refused.body.soldOut).toEqual([{ concertId, ticketLevel: 'VIP', requested: 1, available: 0 }]);
      // The same request again is the same refusal, not a second attempt.
      const retried = await checkout(fan, { paymentMethodId: 'pm_card_visa', delivery: EMAIL }, key);
      expectProblem(retried, 409, 'sold_out');
      expect(retried.body.soldOut).toEqual(refused.body.soldOut);

      const after = await footprint(fan, concertId);
      expect(after.stock).toEqual(before.stock);
      expect(after.cart).toEqual(before.cart);
      // What is left is the record of the refusal: nothing held, nothing to pay.
      const orders = await stack.http('GET', '/orders', { token: fan.token });
      expect(orders.body.items.map((o: { status: string }) => o.status)).toEqual(['Rejected']);
      const rejected = await orderOf(fan, orders.body.items[0].id);
      expect(rejected).toMatchObject({
        soldOut: refused.body.soldOut,
        payment: null,
        tickets: [],
        holdExpiresAt: null,
      });
      expect(await stack.infra.db.payment.count({ where: { customerId: fan.id } })).toBe(0);
    });
  });

  describe('orders', () => {
    it('shows a customer their own orders only: another’s is 404, an unknown one 404, a malformed id 400', async () => {
      const concertId = await scheduleConcert();
      const fan = await signUp('fan');
      const other = await signUp('other');
      const orderId = await placeOrder(fan, concertId, PENDING_PM, 2);
      const order = await untilOrder(fan, orderId, awaitingPayment);
      expect(order).toMatchObject({ id: orderId, itemCount: 2, total: { amount: 9000, currency: 'EUR' } });
      expect(order.lines).toEqual([
        expect.objectContaining({ concertId, ticketLevel: 'GA', quantity: 2, amount: 9000 }),
      ]);

      const foreign = await stack.http('GET', `/orders/${orderId}`, { token: other.token });
      expectProblem(foreign, 404, 'order_not_found');
      expect(JSON.stringify(foreign.body)).not.toContain(fan.id);
      expectProblem(await stack.http('GET', `/orders/${randomUUID()}`, { token: fan.token }), 404, 'order_not_found');
      expectProblem(await stack.http('GET', '/orders/not-a-uuid', { token: fan.token }), 400, 'validation_failed');
      expectProblem(await stack.http('GET', `/orders/${orderId}`), 401, 'authentication_required');
      expectProblem(
        await stack.http('GET', `/payments/${order.payment.id}`, { token: other.token }),
        404,
        'payment_not_found',
      );
    });

    it('lists a customer’s own orders newest first, a page at a time', async () => {
      const concertId = await scheduleConcert();
      const fan = await signUp('fan');
      const other = await signUp('other');
      const mine: string[] = [];
      for (let i = 0; i < 3; i++) mine.push(await placeOrder(fan, concertId, 'pm_card_chargeDeclined'));
      const theirs = await placeOrder(other, concertId, 'pm_card_chargeDeclined');

      const first = await stack.http('GET', '/orders?limit=2', { token: fan.token });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await stack.http('GET', `/orders?limit=2&cursor=${first.body.nextCursor}`, { token: fan.token });
      expect(second.status).toBe(200);
      expect(second.body.nextCursor).toBeNull();
      const listed = [...first.body.items, ...second.body.items];
      expect(listed.map((o: { id: string }) => o.id)).toEqual([...mine].reverse());
      expect(listed.map((o: { id: string }) => o.id)).not.toContain(theirs);
      const placedAt = listed.map((o: { placedAt: string }) => Date.parse(o.placedAt));
      expect(placedAt).toEqual([...placedAt].sort((a, b) => b - a));
      expect(
        (await stack.http('GET', '/orders', { token: other.token })).body.items.map((o: { id: string }) => o.id),
      ).toEqual([theirs]);

      expectProblem(await stack.http('GET', '/orders?cursor=bm9wZQ', { token: fan.token }), 400, 'invalid_cursor');
      expectProblem(await stack.http('GET', '/orders?limit=0', { token: fan.token }), 400, 'validation_failed');
      expectProblem(await stack.http('GET', '/orders?limit=101', { token: fan.token }), 400, 'validation_failed');
    });

    it('cancels only the customer’s own unpaid order: 404 for another’s, 409 once paid, 200 before', async () => {
      const concertId = await scheduleConcert();
      const fan = await signUp('fan');
      const other = await signUp('other');
      const pending = await placeOrder(fan, concertId, PENDING_PM, 2);
      await untilOrder(fan, pending, awaitingPayment);
      const paid = await placeOrder(other, concertId, 'pm_card_visa');
      await untilOrder(other, paid, fulfilled);

      expectProblem(
        await stack.http('POST', `/orders/${pending}/cancel`, { token: other.token }),
        404,
        'order_not_found',
      );
      expectProblem(
        await stack.http('POST', `/orders/${randomUUID()}/cancel`, { token: fan.token }),
        404,
        'order_not_found',
      );
      expectProblem(await stack.http('POST', '/orders/nope/cancel', { token: fan.token }), 400, 'validation_failed');
      expect((await orderOf(fan, pending)).status).toBe('AwaitingPayment');
      expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 2, sold: 1 } });

      const tooLate = await stack.http('POST', `/orders/${paid}/cancel`, { token: other.token });
      expectProblem(tooLate, 409, 'order_not_cancellable');
      expect((await orderOf(other, paid)).status).toBe('Fulfilled');

      const cancelled = await stack.http('POST', `/orders/${pending}/cancel`, { token: fan.token });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toEqual({ orderId: pending, status: 'Cancelled' });
      const after = await orderOf(fan, pending);
      expect(after).toMatchObject({ status: 'Cancelled', payment: { status: 'Cancelled' } });
      expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 0, sold: 1 } });
      expectProblem(
        await stack.http('POST', `/orders/${pending}/cancel`, { token: fan.token }),
        409,
        'order_not_cancellable',
      );
    });
  });

  describe('Stripe webhooks', () => {
    it('refuses forged, stale, missing and mismatched signatures with 400 and signals nothing', async () => {
      const concertId = await scheduleConcert();
      const fan = await signUp('fan');
      const orderId = await placeOrder(fan, concertId, PENDING_PM);
      const { payment } = await untilOrder(fan, orderId, awaitingPayment);
      const payload = JSON.stringify({
        id: `evt_${randomUUID().replace(/-/g, '')}`,
        object: 'event',
        type: 'payment_intent.succeeded',
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: payment.intentId, object: 'payment_intent', metadata: { orderId } } },
      });
      const post = (body: string, signature?: string) =>
        stack.http('POST', '/webhooks/stripe', {
          body,
          headers: signature === undefined ? {} : { 'stripe-signature': signature },
        });
      const paymentEventsBefore = await stack.infra.eventStore.readStream(paymentStreamId(orderId));

      const refusals: Array<[HttpResult, string]> = [
        [await post(payload, signPaymentWebhook(payload, 'whsec_someone_else')), 'webhook_signature_invalid'],
        [
          await post(payload, signPaymentWebhook(payload, WEBHOOK_SECRET, new Date(Date.now() - 10 * 60_000))),
          'webhook_signature_invalid',
        ],
        [
          await post(payload, signPaymentWebhook(payload, WEBHOOK_SECRET, new Date(Date.now() + 10 * 60_000))),
          'webhook_signature_invalid',
        ],
        [await post(payload), 'webhook_signature_missing'],
        [
          await post(
            payload.replace('"object":"event"', '"object": "event"'),
            signPaymentWebhook(payload, WEBHOOK_SECRET),
          ),
          'webhook_signature_invalid',
        ],
      ];
      for (const [res, code] of refusals) expectProblem(res, 400, code);

      await sleep(500);
      const history = await stack.temporal.workflow.getHandle(checkoutWorkflowId(orderId)).fetchHistory();
      expect((history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes)).toEqual([]);
      expect(await orderOf(fan, orderId)).toMatchObject({ status: 'AwaitingPayment', payment: { status: 'Pending' } });
      expect(await stack.infra.eventStore.readStream(paymentStreamId(orderId))).toEqual(paymentEventsBefore);

      // The very same payload, signed with the endpoint's secret, is what completes the payment.
      const genuine = await post(payload, signPaymentWebhook(payload, WEBHOOK_SECRET));
      expect(genuine.status).toBe(200);
      await untilOrder(fan, orderId, fulfilled);
    });

    it('a signed payment_failed webhook fails the order and releases its hold', async () => {
      const concertId = await scheduleConcert();
      const fan = await signUp('fan');
      const orderId = await placeOrder(fan, concertId, PENDING_PM, 3);
      const { payment } = await untilOrder(fan, orderId, awaitingPayment);
      expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 3, sold: 0 } });
      const payload = JSON.stringify({
        id: `evt_${randomUUID().replace(/-/g, '')}`,
        object: 'event',
        type: 'payment_intent.payment_failed',
        created: Math.floor(Date.now() / 1000),
        data: {
          object: {
            id: payment.intentId,
            object: 'payment_intent',
            metadata: { orderId },
            last_payment_error: { code: 'card_declined', message: 'Your card was declined.' },
          },
        },
      });
      const answer = await stack.http('POST', '/webhooks/stripe', {
        body: payload,
        headers: { 'stripe-signature': signPaymentWebhook(payload, WEBHOOK_SECRET) },
      });
      expect(answer.status).toBe(200);

      const failed = await untilOrder(fan, orderId, (o) => o.status === 'PaymentFailed');
      expect(failed).toMatchObject({ failureCode: 'card_declined', tickets: [] });
      expect(failed.payment.status).not.toBe('Succeeded');
      expect(await stockOf(stack.infra, concertId)).toEqual({ GA: { capacity: 10, held: 0, sold: 0 } });
    });
  });

  describe('organizers', () => {
    it('keeps validation and the ticket summary to the organizing account (403 for others)', async () => {
      const concertId = await scheduleConcert([
        { code: 'GA', capacity: 10 },
        { code: 'VIP', capacity: 4 },
      ]);
      const fan = await signUp('fan');
      const orderId = await placeOrder(fan, concertId, 'pm_card_visa', 2);
      const { tickets } = await untilOrder(fan, orderId, fulfilled);
      const waiting = await signUp('waiting');
      await untilOrder(waiting, await placeOrder(waiting, concertId, PENDING_PM, 3), awaitingPayment);
      const code = (await stack.http('GET', `/tickets/${tickets[0].id}`, { token: fan.token })).body.code as string;
      expect(code).toEqual(expect.any(String));
      expectProblem(
        await stack.http('GET', `/tickets/${tickets[0].id}`, { token: waiting.token }),
        404,
        'ticket_not_found',
      );
      const [invoice] = (await stack.http('GET', '/invoices', { token: fan.token })).body.items;
      expect(invoice.orderId).toBe(orderId);
      expectProblem(
        await stack.http('GET', `/invoices/${invoice.id}`, { token: waiting.token }),
        404,
        'invoice_not_found',
      );
      expect((await stack.http('GET', '/invoices', { token: waiting.token })).body.items).toEqual([]);

      for (const outsider of [otherOrganizer, fan]) {
        const refused = await stack.http('POST', '/tickets/validate', {
          token: outsider.token,
          body: { code, concertId },
        });
        expectProblem(refused, 403, 'not_concert_organizer');
        expectProblem(
          await stack.http('GET', `/concerts/${concertId}/ticket-summary`, { token: outsider.token }),
          403,
          'not_concert_organizer',
        );
        expectProblem(
          await stack.http('GET', `/concerts/${concertId}/cancellation`, { token: outsider.token }),
          403,
          'not_concert_organizer',
        );
      }
      expectProblem(
        await stack.http('GET', `/concerts/${concertId}/cancellation`, { token: organizer.token }),
        404,
        'cancellation_not_found',
      );
      expectProblem(
        await stack.http('GET', `/concerts/${randomUUID()}/ticket-summary`, { token: organizer.token }),
        404,
        'concert_not_found',
      );
      expectProblem(
        await stack.http('GET', '/concerts/nope/ticket-summary', { token: organizer.token }),
        400,
        'validation_failed',
      );
      expectProblem(
        await stack.http('POST', '/tickets/validate', { token: organizer.token, body: { code: '', concertId } }),
        400,
        'validation_failed',
      );
      expectProblem(
        await stack.http('POST', '/tickets/validate', {
          token: organizer.token,
          body: { code, concertId: randomUUID() },
        }),
        404,
        'concert_not_found',
      );

      // The refused scans admitted nobody: the ticket is still valid for the organizer.
      const admitted = await stack.http('POST', '/tickets/validate', {
        token: organizer.token,
        body: { code, concertId },
      });
      expect(admitted.body).toMatchObject({ result: 'valid', ticketId: tickets[0].id });

      const summary = await stack.http('GET', `/concerts/${concertId}/ticket-summary`, { token: organizer.token });
      expect(summary.status).toBe(200);
      expect(summary.body).toMatchObject({
        concertId,
        status: 'on_sale',
        levels: [
          expect.objectContaining({ code: 'GA', capacity: 10, held: 3, sold: 2, available: 5 }),
          expect.objectContaining({ code: 'VIP', capacity: 4, held: 0, sold: 0, available: 4 }),
        ],
        totals: { capacity: 14, held: 3, sold: 2, available: 9 },
      });
      expectProblem(await stack.http('GET', `/concerts/${concertId}/ticket-summary`), 401, 'authentication_required');
    });
  });

  describe('GET /admin/orders/stuck', () => {
    it('lists checkouts awaiting payment longer than olderThan, with the Web UI query, for admins only', async () => {
      const concertId = await scheduleConcert();
      const fan = await signUp('fan');
      const stuck = await placeOrder(fan, concertId, PENDING_PM);
      await untilOrder(fan, stuck, awaitingPayment);
      const done = await placeOrder(fan, concertId, 'pm_card_visa');
      await untilOrder(fan, done, fulfilled);
      await sleep(1_500);

      const listed = await eventually(async () => {
        const res = await stack.http('GET', '/admin/orders/stuck?olderThan=1s&limit=500', { token: admin });
        expect(res.status).toBe(200);
        return res.body.items.some((i: { orderId: string }) => i.orderId === stuck) ? res.body : undefined;
      });
      expect(listed.query).toContain("OrderStatus = 'AwaitingPayment'");
      expect(listed.query).toContain("ExecutionStatus = 'Running'");
      expect(listed.items.find((i: { orderId: string }) => i.orderId === stuck)).toMatchObject({
        orderId: stuck,
        workflowId: checkoutWorkflowId(stuck),
        customerId: fan.id,
        status: 'AwaitingPayment',
        uiUrl: expect.stringContaining(encodeURIComponent(checkoutWorkflowId(stuck))),
      });
      expect(listed.items.map((i: { orderId: string }) => i.orderId)).not.toContain(done);

      // Younger than olderThan: not stuck yet.
      const fresh = await stack.http('GET', '/admin/orders/stuck?olderThan=1h', { token: admin });
      expect(fresh.status).toBe(200);
      expect(fresh.body.items.map((i: { orderId: string }) => i.orderId)).not.toContain(stuck);

      expectProblem(
        await stack.http('GET', '/admin/orders/stuck?olderThan=1s', { token: fan.token }),
        403,
        'role_required',
      );
      expectProblem(await stack.http('GET', '/admin/orders/stuck'), 401, 'authentication_required');
      for (const bad of ['abc', '0s', '-5m', '400d']) {
        expectProblem(
          await stack.http('GET', `/admin/orders/stuck?olderThan=${bad}`, { token: admin }),
          400,
          'validation_failed',
        );
      }
    });
  });
});
