import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { paymentIdOf } from '../../src/application/payments/payment-id';
import { ORDER_STREAM_TYPE, orderStreamId, type OrderPlaced } from '../../src/domain/orders/order-events';
import { paymentStreamId } from '../../src/domain/payments/payment-events';
import { signPaymentWebhook } from '../../src/infra/payments/stripe-webhooks';
import { checkoutWorkflowId } from '../../src/workflows/checkout.contract';
import { latePaymentWorkflowId } from '../../src/workflows/late-payment.contract';
import { startApiStack, type ApiTestStack } from '../support/api-stack';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';
import { eventually } from '../support/stack';

const SECRET = 'whsec_e2e_webhook_secret';

describe('Stripe webhooks over HTTP (API, worker, Temporal, Postgres, stripe-mock)', () => {
  let stack: ApiTestStack;
  let proxy: RecordingProxy;

  beforeAll(async () => {
    proxy = await startRecordingProxy(process.env.STRIPE_MOCK_URL!);
    stack = await startApiStack({ STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_MOCK_URL: proxy.url });
  });
  afterAll(async () => {
    await stack?.stop();
    await proxy?.close();
  });
  beforeEach(() => proxy.clear());

  const intentEvent = (
    type: string,
    orderId: string | undefined,
    intentId = `pi_${randomUUID().replace(/-/g, '')}`,
    extra: Record<string, unknown> = {},
  ) => {
    const eventId = `evt_${randomUUID().replace(/-/g, '')}`;
    const payload = JSON.stringify({
      id: eventId,
      object: 'event',
      type,
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: intentId,
          object: 'payment_intent',
          amount: 4500,
          currency: 'eur',
          status: type === 'payment_intent.succeeded' ? 'succeeded' : 'requires_payment_method',
          metadata: orderId ? { orderId, paymentId: paymentIdOf(orderId) } : {},
          ...extra,
        },
      },
    });
    return { eventId, intentId, payload };
  };
  const post = (payload: string, signature?: string) =>
    stack.http('POST', '/webhooks/stripe', {
      body: payload,
      headers: signature === undefined ? {} : { 'stripe-signature': signature },
    });
  const signed = (payload: string, secret = SECRET, at = new Date()) =>
    post(payload, signPaymentWebhook(payload, secret, at));

  async function placeOrder(): Promise<string> {
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
      paymentMethodId: 'pm_card_authenticationRequired',
      requestHash: 'hash',
      placedAt: new Date().toISOString(),
    };
    await stack.infra.eventStore.append([
      {
        streamId: orderStreamId(orderId),
        streamType: ORDER_STREAM_TYPE,
        expectedVersion: 0,
        events: [{ eventId: randomUUID(), type: 'OrderPlaced', data }],
      },
    ]);
    return orderId;
  }
  const paymentEvents = async (orderId: string) =>
    (await stack.infra.eventStore.readStream(paymentStreamId(orderId))).map((e) => ({
      type: e.type,
      data: e.data as Record<string, unknown>,
    }));

  /**
   * An open workflow under the checkout's id that no worker runs (its task queue has no poller): the
   * signals sent to it stay in its history for the test to read, whatever the real checkout does.
   */
  const openCheckout = (orderId: string) =>
    stack.temporal.workflow.start('checkoutStandIn', {
      taskQueue: `no-worker-${randomUUID()}`,
      workflowId: checkoutWorkflowId(orderId),
    });
  const signalsOf = async (handle: WorkflowHandle) =>
    ((await handle.fetchHistory()).events ?? [])
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((a) => a != null)
      .map((a) => ({ name: a.signalName, input: defaultPayloadConverter.fromPayload(a.input!.payloads![0]) }));
  const latePayment = (intentId: string) => stack.temporal.workflow.getHandle(latePaymentWorkflowId(intentId));
  const expectNoLatePayment = async (intentId: string) =>
    expect(latePayment(intentId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

  it('signals the running checkout with a verified success and a verified failure', async () => {
    const orderId = randomUUID();
    const checkout = await openCheckout(orderId);
    try {
      const success = intentEvent('payment_intent.succeeded', orderId);
      const failure = intentEvent('payment_intent.payment_failed', orderId, success.intentId, {
        last_payment_error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' },
      });

      const answered = await signed(success.payload);
      expect(answered.status).toBe(200);
      expect(answered.body).toEqual({ received: true });
      expect((await signed(failure.payload)).status).toBe(200);

      expect(await signalsOf(checkout)).toEqual([
        { name: 'paymentSucceeded', input: { intentId: success.intentId, eventId: success.eventId } },
        {
          name: 'paymentFailed',
          input: {
            intentId: success.intentId,
            eventId: failure.eventId,
            failureCode: 'card_declined',
            failureMessage: 'Your card was declined.',
          },
        },
      ]);
      await expectNoLatePayment(success.intentId);
    } finally {
      await checkout.terminate('test over');
    }
  });

  it('refuses a forged, stale, missing or unreadable signature with 400 and signals nothing', async () => {
    const orderId = randomUUID();
    const checkout = await openCheckout(orderId);
    try {
      const { payload, intentId } = intentEvent('payment_intent.succeeded', orderId);
      const refusals = [
        [await signed(payload, 'whsec_not_ours'), 'webhook_signature_invalid'],
        [await signed(payload, SECRET, new Date(Date.now() - 10 * 60_000)), 'webhook_signature_invalid'],
        [await post(payload), 'webhook_signature_missing'],
        [await post(payload, 'nonsense'), 'webhook_signature_invalid'],
        [
          await post(payload.replace(orderId, randomUUID()), signPaymentWebhook(payload, SECRET)),
          'webhook_signature_invalid',
        ],
        [
          await post('{"id": "evt_1", "type": "payment_intent.succeeded"', signPaymentWebhook('{', SECRET)),
          'malformed_json',
        ],
        [await signed(JSON.stringify({ id: 'evt_1', type: 'payment_intent.succeeded' })), 'webhook_payload_malformed'],
      ] as const;

      for (const [answer, code] of refusals) {
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.body).toMatchObject({ status: 400, code });
      }
      expect(await signalsOf(checkout)).toEqual([]);
      await expectNoLatePayment(intentId);
    } finally {
      await checkout.terminate('test over');
    }
  });

  it('acknowledges verified events it does not act on', async () => {
    const ignored = intentEvent('charge.succeeded', randomUUID());
    const noOrder = intentEvent('payment_intent.succeeded', undefined);

    for (const { payload } of [ignored, noOrder]) {
      const answer = await signed(payload);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ received: true });
    }
    await expectNoLatePayment(ignored.intentId);
    await expectNoLatePayment(noOrder.intentId);
  });

  it('answers 200 for an order it does not know, and takes no money back from anyone', async () => {
    const orderId = randomUUID();
    const { payload, intentId } = intentEvent('payment_intent.succeeded', orderId);

    const answer = await signed(payload);

    expect(answer.status).toBe(200);
    await expect(latePayment(intentId).result()).resolves.toEqual({ outcome: 'unknown_order' });
    expect(await paymentEvents(orderId)).toEqual([]);
    expect(proxy.requests.filter((r) => r.path === '/v1/refunds')).toHaveLength(0);
  });

  it('refunds a success that arrives when the checkout is absent, once however often Stripe repeats it', async () => {
    const orderId = await placeOrder();
    const { payload, intentId } = intentEvent('payment_intent.succeeded', orderId);

    expect((await signed(payload)).status).toBe(200);
    expect((await signed(payload)).status).toBe(200);

    await expect(latePayment(intentId).result()).resolves.toEqual({
      outcome: 'refunded',
      refundId: expect.stringMatching(/^re_/),
    });
    expect((await signed(payload)).status).toBe(200);
    const events = await eventually(async () => {
      const all = await paymentEvents(orderId);
      return all.some((e) => e.type === 'PaymentRefunded') ? all : undefined;
    });
    expect(events.map((e) => e.type)).toEqual(['PaymentSucceeded', 'PaymentRefunded']);
    expect(events[1].data).toMatchObject({ orderId, intentId, amount: 4500, currency: 'EUR', reason: 'late_payment' });
    const refunds = proxy.requests.filter((r) => r.path === '/v1/refunds');
    expect(new Set(refunds.map((r) => r.idempotencyKey))).toEqual(new Set([`order-${orderId}-refund`]));
    expect(refunds).toHaveLength(1);
  });

  it('refunds a success that arrives after the checkout closed', async () => {
    const orderId = await placeOrder();
    const checkout = await openCheckout(orderId);
    await checkout.terminate('the hold expired');
    const { payload, intentId } = intentEvent('payment_intent.succeeded', orderId);

    expect((await signed(payload)).status).toBe(200);

    await expect(latePayment(intentId).result()).resolves.toMatchObject({ outcome: 'refunded' });
    expect((await paymentEvents(orderId)).map((e) => e.type)).toEqual(['PaymentSucceeded', 'PaymentRefunded']);
    expect(await signalsOf(checkout)).toEqual([]);
  });

  it('starts nothing for a failure that arrives after the checkout ended', async () => {
    const orderId = await placeOrder();
    const { payload, intentId } = intentEvent('payment_intent.payment_failed', orderId);

    expect((await signed(payload)).status).toBe(200);
    await expectNoLatePayment(intentId);
    expect(await paymentEvents(orderId)).toEqual([]);
  });
});
