import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createPaymentActivities } from '../../src/activities/payments/payment.activities';
import { paymentIdOf } from '../../src/application/payments/payment-id';
import { ORDER_STREAM_TYPE, orderStreamId, type OrderPlaced } from '../../src/domain/orders/order-events';
import { paymentStreamId } from '../../src/domain/payments/payment-events';
import { createDb, type Db } from '../../src/infra/db/prisma';
import { EventStore } from '../../src/infra/event-store/event-store';
import { upcasters } from '../../src/infra/event-store/upcaster-registry';
import { createPaymentGateway } from '../../src/infra/payments/create-payment-gateway';
import { allProjections } from '../../src/read-models';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';

// The payment activities as the worker runs them: real Postgres (with every projection), and
// stripe-mock in Stripe test mode behind a proxy that shows what reached it.
describe('payment activities (Postgres + stripe-mock)', () => {
  let db: Db;
  let eventStore: EventStore;
  let proxy: RecordingProxy;
  let activities: ReturnType<typeof createPaymentActivities>;

  beforeAll(async () => {
    db = createDb(process.env.DATABASE_URL!);
    eventStore = new EventStore(db, { projections: allProjections, upcasters });
    proxy = await startRecordingProxy(process.env.STRIPE_MOCK_URL!);
    activities = createPaymentActivities({ eventStore, paymentGateway: createPaymentGateway({ mockUrl: proxy.url }) });
  });
  afterAll(async () => {
    await proxy?.close();
    await db?.$disconnect();
  });
  beforeEach(() => proxy.clear());

  async function placeOrder(paymentMethodId = 'pm_card_visa'): Promise<string> {
    const orderId = randomUUID();
    const data: OrderPlaced['data'] = {
      orderId,
      customerId: randomUUID(),
      cartId: randomUUID(),
      lines: [
        {
          concertId: randomUUID(),
          accountId: randomUUID(),
          concertName: 'Night Shift',
          ticketLevel: 'GA',
          levelName: 'General admission',
          quantity: 2,
          unitPrice: 2250,
          currency: 'EUR',
        },
      ],
      total: { amount: 4500, currency: 'EUR' },
      delivery: { method: 'email' },
      paymentMethodId,
      requestHash: 'hash',
      placedAt: new Date().toISOString(),
    };
    await eventStore.append([
      {
        streamId: orderStreamId(orderId),
        streamType: ORDER_STREAM_TYPE,
        expectedVersion: 0,
        events: [{ eventId: randomUUID(), type: 'OrderPlaced', data }],
      },
    ]);
    return orderId;
  }
  const markPaid = (orderId: string) =>
    eventStore.append([
      {
        streamId: orderStreamId(orderId),
        streamType: ORDER_STREAM_TYPE,
        expectedVersion: 'any',
        events: [
          {
            eventId: randomUUID(),
            type: 'OrderPaid',
            data: { orderId, paymentId: paymentIdOf(orderId), lines: [], paidAt: new Date().toISOString() },
          },
        ],
      },
    ]);
  const paymentEvents = async (orderId: string) =>
    (await eventStore.readStream(paymentStreamId(orderId))).map((e) => ({
      type: e.type,
      data: e.data as Record<string, unknown>,
    }));
  const types = async (orderId: string) => (await paymentEvents(orderId)).map((e) => e.type);
  const requestsTo = (path: string) => proxy.requests.filter((r) => r.method === 'POST' && r.path.startsWith(path));

  describe('requestPayment', () => {
    it('charges the order total once and records the request with its success', async () => {
      const orderId = await placeOrder();
      const step = await activities.requestPayment({ orderId });

      expect(step).toEqual({ status: 'succeeded', paymentId: paymentIdOf(orderId), intentId: expect.any(String) });
      const events = await paymentEvents(orderId);
      expect(events.map((e) => e.type)).toEqual(['PaymentRequested', 'PaymentSucceeded']);
      expect(events[0].data).toMatchObject({
        paymentId: paymentIdOf(orderId),
        orderId,
        amount: 4500,
        currency: 'EUR',
        intentId: step.intentId,
        paymentMethodId: 'pm_card_visa',
        idempotencyKey: `order-${orderId}-payment`,
      });
      expect(events[1].data).toMatchObject({ intentId: step.intentId, amount: 4500, currency: 'EUR' });
      const [charge] = proxy.chargeRequests();
      expect(proxy.chargeRequests()).toHaveLength(1);
      expect(charge.idempotencyKey).toBe(`order-${orderId}-payment`);
      expect(charge.params.get('metadata[orderId]')).toBe(orderId);
      expect(charge.params.get('metadata[paymentId]')).toBe(paymentIdOf(orderId));
    });

    it('answers a retry with the recorded outcome: one PaymentRequested, one charge request', async () => {
      const orderId = await placeOrder();
      const first = await activities.requestPayment({ orderId });
      const retry = await activities.requestPayment({ orderId });

      expect(retry).toEqual(first);
      expect(await types(orderId)).toEqual(['PaymentRequested', 'PaymentSucceeded']);
      expect(proxy.chargeRequests()).toHaveLength(1);
    });

    it('charges under the same key when the answer was lost on the way back, and records once', async () => {
      const orderId = await placeOrder();
      proxy.injectFault('lose-response', 1, (r) => r.path === '/v1/payment_intents');

      const step = await activities.requestPayment({ orderId });

      expect(step.status).toBe('succeeded');
      expect(proxy.chargeRequests().length).toBe(2);
      expect(proxy.countByIdempotencyKey()).toEqual(new Map([[`order-${orderId}-payment`, 2]]));
      expect(await types(orderId)).toEqual(['PaymentRequested', 'PaymentSucceeded']);
    });

    it('records one charge when two attempts run at once', async () => {
      const orderId = await placeOrder();
      const [a, b] = await Promise.all([
        activities.requestPayment({ orderId }),
        activities.requestPayment({ orderId }),
      ]);

      expect(a).toEqual(b);
      expect(await types(orderId)).toEqual(['PaymentRequested', 'PaymentSucceeded']);
      expect(new Set(proxy.chargeRequests().map((r) => r.idempotencyKey))).toEqual(
        new Set([`order-${orderId}-payment`]),
      );
    });

    it('records a declined card as a failed payment with its codes', async () => {
      const orderId = await placeOrder('pm_card_chargeDeclinedInsufficientFunds');
      const step = await activities.requestPayment({ orderId });

      expect(step).toMatchObject({ status: 'failed', failureCode: 'card_declined' });
      const events = await paymentEvents(orderId);
      expect(events.map((e) => e.type)).toEqual(['PaymentRequested', 'PaymentFailed']);
      expect(events[1].data).toMatchObject({ failureCode: 'card_declined', declineCode: 'insufficient_funds' });
      expect(await activities.requestPayment({ orderId })).toEqual(step);
      expect(proxy.chargeRequests()).toHaveLength(1);
    });

    it('leaves a payment that needs 3-D Secure pending', async () => {
      const orderId = await placeOrder('pm_card_authenticationRequired');
      const step = await activities.requestPayment({ orderId });

      expect(step).toMatchObject({ status: 'requires_action', intentId: expect.stringMatching(/^pi_/) });
      expect(await types(orderId)).toEqual(['PaymentRequested', 'PaymentActionRequired']);
    });

    it('refuses an order that was never placed, for good', async () => {
      const err = await activities.requestPayment({ orderId: randomUUID() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect(err).toMatchObject({ type: 'OrderNotFound', nonRetryable: true });
      expect(proxy.chargeRequests()).toHaveLength(0);
    });
  });

  describe('recordPaymentOutcome', () => {
    it('records the first outcome only: duplicates and a late failure change nothing', async () => {
      const orderId = await placeOrder('pm_card_threeDSecure2Required');
      const { intentId } = await activities.requestPayment({ orderId });
      const success = { orderId, intentId: intentId!, outcome: 'succeeded' as const };

      await activities.recordPaymentOutcome(success);
      await activities.recordPaymentOutcome(success);
      await activities.recordPaymentOutcome({ ...success, outcome: 'failed', failureCode: 'card_declined' });

      expect(await types(orderId)).toEqual(['PaymentRequested', 'PaymentActionRequired', 'PaymentSucceeded']);
      expect(await activities.requestPayment({ orderId })).toMatchObject({ status: 'succeeded', intentId });
    });

    it('records a success after a failure (the customer tried again)', async () => {
      const orderId = await placeOrder('pm_card_authenticationRequired');
      const { intentId } = await activities.requestPayment({ orderId });
      await activities.recordPaymentOutcome({
        orderId,
        intentId: intentId!,
        outcome: 'failed',
        failureCode: 'payment_intent_authentication_failure',
        failureMessage: 'Authentication failed',
      });
      await activities.recordPaymentOutcome({ orderId, intentId: intentId!, outcome: 'failed' });
      await activities.recordPaymentOutcome({ orderId, intentId: intentId!, outcome: 'succeeded' });

      const events = await paymentEvents(orderId);
      expect(events.map((e) => e.type)).toEqual([
        'PaymentRequested',
        'PaymentActionRequired',
        'PaymentFailed',
        'PaymentSucceeded',
      ]);
      expect(events[2].data).toMatchObject({ failureCode: 'payment_intent_authentication_failure' });
    });
  });

  describe('cancelPayment', () => {
    it('answers none when nothing was requested', async () => {
      const orderId = await placeOrder();
      await expect(activities.cancelPayment({ orderId })).resolves.toBe('none');
      expect(proxy.requests).toHaveLength(0);
    });

    it('cancels a pending intent once, with its own idempotency key', async () => {
      const orderId = await placeOrder('pm_card_authenticationRequired');
      const { intentId } = await activities.requestPayment({ orderId });

      await expect(activities.cancelPayment({ orderId })).resolves.toBe('cancelled');
      await expect(activities.cancelPayment({ orderId })).resolves.toBe('cancelled');

      const cancels = requestsTo(`/v1/payment_intents/${intentId}/cancel`);
      expect(cancels).toHaveLength(1);
      expect(cancels[0].idempotencyKey).toBe(`order-${orderId}-cancel`);
      expect(await types(orderId)).toEqual(['PaymentRequested', 'PaymentActionRequired', 'PaymentCancelled']);
    });

    it('answers succeeded for a payment recorded as succeeded, without asking Stripe', async () => {
      const orderId = await placeOrder();
      await activities.requestPayment({ orderId });
      proxy.clear();

      await expect(activities.cancelPayment({ orderId })).resolves.toBe('succeeded');
      expect(proxy.requests).toHaveLength(0);
    });

    it('records the success when Stripe says the intent took the money after all', async () => {
      const orderId = await placeOrder();
      // The charge went through, but only the request was recorded (the worker died in between).
      const charged = await createPaymentGateway({ mockUrl: proxy.url }).charge({
        amount: 4500,
        currency: 'EUR',
        paymentMethodId: 'pm_card_visa',
        idempotencyKey: `order-${orderId}-payment`,
        metadata: { orderId, paymentId: paymentIdOf(orderId) },
      });
      const intentId = (charged as { intentId: string }).intentId;
      await eventStore.append([
        {
          streamId: paymentStreamId(orderId),
          streamType: 'payment',
          expectedVersion: 0,
          events: [
            {
              eventId: randomUUID(),
              type: 'PaymentRequested',
              data: {
                paymentId: paymentIdOf(orderId),
                orderId,
                customerId: randomUUID(),
                amount: 4500,
                currency: 'EUR',
                intentId,
                paymentMethodId: 'pm_card_visa',
                idempotencyKey: `order-${orderId}-payment`,
                requestedAt: new Date().toISOString(),
              },
            },
          ],
        },
      ]);

      await expect(activities.cancelPayment({ orderId })).resolves.toBe('succeeded');
      expect(await types(orderId)).toEqual(['PaymentRequested', 'PaymentSucceeded']);
      await expect(activities.refundPayment({ orderId, reason: 'order_cancelled' })).resolves.toEqual({
        refundId: expect.stringMatching(/^re_/),
      });
    });
  });

  describe('refundPayment', () => {
    it('refunds a succeeded payment once, with the order refund key', async () => {
      const orderId = await placeOrder();
      const { intentId } = await activities.requestPayment({ orderId });

      const first = await activities.refundPayment({ orderId, reason: 'concert_cancelled' });
      const again = await activities.refundPayment({ orderId, reason: 'concert_cancelled' });

      expect(first).toEqual({ refundId: expect.stringMatching(/^re_/) });
      expect(again).toEqual(first);
      const refunds = requestsTo('/v1/refunds');
      expect(refunds).toHaveLength(1);
      expect(refunds[0].idempotencyKey).toBe(`order-${orderId}-refund`);
      expect(refunds[0].params.get('payment_intent')).toBe(intentId);
      const events = await paymentEvents(orderId);
      expect(events.map((e) => e.type)).toEqual(['PaymentRequested', 'PaymentSucceeded', 'PaymentRefunded']);
      expect(events[2].data).toMatchObject({
        refundId: first!.refundId,
        intentId,
        amount: 4500,
        currency: 'EUR',
        reason: 'concert_cancelled',
      });
    });

    it('answers null when nothing was charged', async () => {
      const pending = await placeOrder('pm_card_authenticationRequired');
      await activities.requestPayment({ orderId: pending });
      const declined = await placeOrder('pm_card_chargeDeclined');
      await activities.requestPayment({ orderId: declined });
      proxy.clear();

      await expect(activities.refundPayment({ orderId: pending, reason: 'order_cancelled' })).resolves.toBeNull();
      await expect(activities.refundPayment({ orderId: declined, reason: 'order_cancelled' })).resolves.toBeNull();
      await expect(activities.refundPayment({ orderId: randomUUID(), reason: 'order_cancelled' })).resolves.toBeNull();
      expect(proxy.requests).toHaveLength(0);
    });
  });

  describe('settleLatePayment', () => {
    it('records a late success and refunds it, once', async () => {
      const orderId = await placeOrder('pm_card_authenticationRequired');
      const { intentId } = await activities.requestPayment({ orderId });
      await activities.cancelPayment({ orderId });

      const settled = await activities.settleLatePayment({ orderId, intentId: intentId! });
      const again = await activities.settleLatePayment({ orderId, intentId: intentId! });

      expect(settled).toEqual({ outcome: 'refunded', refundId: expect.stringMatching(/^re_/) });
      expect(again).toEqual(settled);
      const events = await paymentEvents(orderId);
      expect(events.map((e) => e.type)).toEqual([
        'PaymentRequested',
        'PaymentActionRequired',
        'PaymentCancelled',
        'PaymentSucceeded',
        'PaymentRefunded',
      ]);
      expect(events[4].data).toMatchObject({ reason: 'late_payment', intentId });
      expect(requestsTo('/v1/refunds')).toHaveLength(1);
    });

    it('keeps the payment of an order that is paid', async () => {
      const orderId = await placeOrder('pm_card_authenticationRequired');
      const { intentId } = await activities.requestPayment({ orderId });
      await activities.recordPaymentOutcome({ orderId, intentId: intentId!, outcome: 'succeeded' });
      await markPaid(orderId);

      await expect(activities.settleLatePayment({ orderId, intentId: intentId! })).resolves.toEqual({
        outcome: 'kept',
      });
      expect(await types(orderId)).toEqual(['PaymentRequested', 'PaymentActionRequired', 'PaymentSucceeded']);
      expect(requestsTo('/v1/refunds')).toHaveLength(0);
    });

    it('leaves an order it does not know alone', async () => {
      const orderId = randomUUID();
      await expect(activities.settleLatePayment({ orderId, intentId: 'pi_elsewhere' })).resolves.toEqual({
        outcome: 'unknown_order',
      });
      expect(await types(orderId)).toEqual([]);
      expect(proxy.requests).toHaveLength(0);
    });
  });
});
