import { randomBytes, randomUUID } from 'node:crypto';
import { createFinanceActivities } from '../../src/activities/finance';
import {
  ORDER_STREAM_TYPE,
  orderStreamId,
  type OrderEvent,
  type OrderLine,
} from '../../src/domain/orders/order-events';
import { PAYMENT_STREAM_TYPE, paymentStreamId, type PaymentEvent } from '../../src/domain/payments/payment-events';
import { startApiStack, type ApiTestStack, type HttpResult } from '../support/api-stack';

const PASSWORD = 'good-password-1';

interface Customer {
  id: string;
  email: string;
  name: string;
  token: string;
}

describe('finance API over HTTP', () => {
  let stack: ApiTestStack;
  let fan: Customer;
  let other: Customer;
  /** The fan's payments, oldest first: succeeded (EUR), refunded (EUR), pending (EUR), succeeded (USD). */
  let fanPayments: Array<{ paymentId: string; orderId: string }>;
  let otherPayment: { paymentId: string; orderId: string };
  let fanInvoices: string[];
  let otherInvoice: string;

  const signUp = async (name: string): Promise<Customer> => {
    const email = `finance-${randomUUID()}@example.test`;
    const res = await stack.http('POST', '/auth/register', { body: { email, password: PASSWORD, name } });
    expect(res.status).toBe(201);
    const login = await stack.http('POST', '/auth/login', { body: { email, password: PASSWORD } });
    return { id: res.body.id, email, name, token: login.body.accessToken };
  };

  const expectProblem = (res: HttpResult, status: number, code?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    if (code) expect(res.body.code).toBe(code);
  };

  const line = (overrides: Partial<OrderLine> = {}): OrderLine => ({
    concertId: randomUUID(),
    accountId: randomUUID(),
    concertName: 'Rock Night',
    ticketLevel: 'GA',
    levelName: 'General admission',
    quantity: 2,
    unitPrice: 4500,
    currency: 'EUR',
    ...overrides,
  });

  /** A paid order (OrderPlaced + OrderPaid) on its stream, invoiced by the finance activity; returns the invoice id. */
  async function paidAndInvoiced(customerId: string, lines: OrderLine[]): Promise<string> {
    const orderId = randomUUID();
    const events: OrderEvent[] = [
      {
        type: 'OrderPlaced',
        data: {
          orderId,
          customerId,
          cartId: randomUUID(),
          lines,
          total: { amount: lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0), currency: lines[0].currency },
          delivery: { method: 'email' },
          paymentMethodId: 'pm_card_visa',
          requestHash: randomBytes(8).toString('hex'),
          placedAt: new Date().toISOString(),
        },
      },
      {
        type: 'OrderPaid',
        data: {
          orderId,
          paymentId: randomUUID(),
          lines: lines.map((l) => ({ concertId: l.concertId, ticketLevel: l.ticketLevel, quantity: l.quantity })),
          paidAt: new Date().toISOString(),
        },
      },
    ];
    await stack.infra.eventStore.append([
      {
        streamId: orderStreamId(orderId),
        streamType: ORDER_STREAM_TYPE,
        expectedVersion: 0,
        events: events.map((e) => ({ ...e, eventId: randomUUID() })),
      },
    ]);
    const { invoiceId } = await createFinanceActivities(stack.infra).invoiceOrder({ orderId });
    // Invoices are listed by the millisecond they were issued: keep each one's distinct.
    await new Promise((resolve) => setTimeout(resolve, 5));
    return invoiceId;
  }

  /** A payment on `payment-<orderId>`: requested at `minute`, then the outcomes given. */
  async function payment(
    customerId: string,
    amount: number,
    currency: string,
    minute: number,
    outcomes: Array<'succeeded' | 'refunded' | 'action'>,
  ) {
    const orderId = randomUUID();
    const paymentId = randomUUID();
    const intentId = `pi_${randomBytes(8).toString('hex')}`;
    const when = (offset: number) => new Date(Date.UTC(2026, 10, 21, 12, minute, offset)).toISOString();
    const ids = { paymentId, orderId };
    const events: PaymentEvent[] = [
      {
        type: 'PaymentRequested',
        data: {
          ...ids,
          customerId,
          amount,
          currency,
          intentId,
          paymentMethodId: 'pm_card_visa',
          idempotencyKey: `order-${orderId}-payment`,
          requestedAt: when(0),
        },
      },
    ];
    outcomes.forEach((outcome, i) => {
      if (outcome === 'action')
        events.push({ type: 'PaymentActionRequired', data: { ...ids, intentId, at: when(i + 1) } });
      if (outcome === 'succeeded') {
        events.push({
          type: 'PaymentSucceeded',
          data: { ...ids, intentId, amount, currency, succeededAt: when(i + 1) },
        });
      }
      if (outcome === 'refunded') {
        events.push({
          type: 'PaymentRefunded',
          data: {
            ...ids,
            intentId,
            refundId: `re_${randomBytes(6).toString('hex')}`,
            amount,
            currency,
            reason: 'concert_cancelled',
            refundedAt: when(i + 1),
          },
        });
      }
    });
    await stack.infra.eventStore.append([
      {
        streamId: paymentStreamId(orderId),
        streamType: PAYMENT_STREAM_TYPE,
        expectedVersion: 0,
        events: events.map((e) => ({ ...e, eventId: randomUUID() })),
      },
    ]);
    return ids;
  }

  beforeAll(async () => {
    stack = await startApiStack();
    fan = await signUp('Fan Finance');
    other = await signUp('Other Fan');
    fanPayments = [
      await payment(fan.id, 9000, 'EUR', 0, ['succeeded']),
      await payment(fan.id, 4500, 'EUR', 1, ['succeeded', 'refunded']),
      await payment(fan.id, 2000, 'EUR', 2, ['action']),
      await payment(fan.id, 2550, 'USD', 3, ['succeeded']),
    ];
    otherPayment = await payment(other.id, 7000, 'EUR', 4, ['succeeded']);
    fanInvoices = [
      await paidAndInvoiced(fan.id, [line()]),
      await paidAndInvoiced(fan.id, [
        line(),
        line({ ticketLevel: 'VIP', levelName: 'VIP', quantity: 1, unitPrice: 12_000 }),
      ]),
    ];
    otherInvoice = await paidAndInvoiced(other.id, [line({ quantity: 1 })]);
  });
  afterAll(() => stack?.stop());

  describe('GET /payments', () => {
    it("pages through the signed-in customer's payments, newest first", async () => {
      const first = await stack.http('GET', '/payments?limit=3', { token: fan.token });
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(first.body.items.map((p: { id: string }) => p.id)).toEqual(
        [fanPayments[3], fanPayments[2], fanPayments[1]].map((p) => p.paymentId),
      );
      expect(first.body.items[2]).toMatchObject({ status: 'Refunded', amount: 4500, refundedAmount: 4500 });
      const second = await stack.http('GET', `/payments?limit=3&cursor=${first.body.nextCursor}`, { token: fan.token });
      expect(second.body).toEqual({
        items: [expect.objectContaining({ id: fanPayments[0].paymentId, status: 'Succeeded' })],
        nextCursor: null,
      });
    });

    it("never lists another customer's payments", async () => {
      const res = await stack.http('GET', '/payments', { token: other.token });
      expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([otherPayment.paymentId]);
    });

    it.each([
      ['limit=0', 'validation_failed'],
      ['limit=101', 'validation_failed'],
      ['limit=ten', 'validation_failed'],
      ['sort=asc', 'validation_failed'],
      ['cursor=not-a-cursor', 'invalid_cursor'],
    ])('refuses ?%s with 400', async (query, code) => {
      expectProblem(await stack.http('GET', `/payments?${query}`, { token: fan.token }), 400, code);
    });

    it('needs a signed-in customer', async () => {
      expectProblem(await stack.http('GET', '/payments'), 401);
      expectProblem(await stack.http('GET', '/payments', { token: 'not.a.token' }), 401);
    });
  });

  describe('GET /payments/:id', () => {
    it('shows the owner a payment', async () => {
      const res = await stack.http('GET', `/payments/${fanPayments[2].paymentId}`, { token: fan.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: fanPayments[2].paymentId,
        orderId: fanPayments[2].orderId,
        amount: 2000,
        currency: 'EUR',
        status: 'Pending',
        intentId: expect.stringMatching(/^pi_/),
        failureCode: null,
        failureMessage: null,
        refundId: null,
        refundedAmount: 0,
        requestedAt: '2026-11-21T12:02:00.000Z',
        updatedAt: '2026-11-21T12:02:01.000Z',
      });
    });

    it("answers 404 for another customer's payment and for an unknown one, 400 for a malformed id", async () => {
      expectProblem(
        await stack.http('GET', `/payments/${otherPayment.paymentId}`, { token: fan.token }),
        404,
        'payment_not_found',
      );
      expectProblem(
        await stack.http('GET', `/payments/${randomUUID()}`, { token: fan.token }),
        404,
        'payment_not_found',
      );
      expectProblem(await stack.http('GET', '/payments/nope', { token: fan.token }), 400, 'validation_failed');
      expectProblem(await stack.http('GET', `/payments/${fanPayments[0].paymentId}`), 401);
    });
  });

  describe('GET /invoices', () => {
    it("pages through the signed-in customer's invoices, newest first", async () => {
      const first = await stack.http('GET', '/invoices?limit=1', { token: fan.token });
      expect(first.status).toBe(200);
      expect(first.body.items).toEqual([
        expect.objectContaining({ id: fanInvoices[1], total: 21_000, currency: 'EUR' }),
      ]);
      const second = await stack.http('GET', `/invoices?limit=1&cursor=${first.body.nextCursor}`, {
        token: fan.token,
      });
      expect(second.body).toEqual({ items: [expect.objectContaining({ id: fanInvoices[0] })], nextCursor: null });
    });

    it('refuses bad query parameters with 400 and strangers with 401', async () => {
      expectProblem(await stack.http('GET', '/invoices?limit=-1', { token: fan.token }), 400, 'validation_failed');
      expectProblem(
        await stack.http('GET', `/invoices?cursor=${Buffer.from('2026-01-01T00:00:00Z|x').toString('base64url')}`, {
          token: fan.token,
        }),
        400,
        'invalid_cursor',
      );
      expectProblem(await stack.http('GET', '/invoices'), 401);
    });
  });

  describe('GET /invoices/:id', () => {
    it('shows the owner the invoice: lines, total = sum of lines, billing info', async () => {
      const res = await stack.http('GET', `/invoices/${fanInvoices[1]}`, { token: fan.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: fanInvoices[1],
        number: expect.stringMatching(/^BOP-\d{4}-[0-9A-F]{8,}$/),
        orderId: expect.any(String),
        lines: [
          {
            concertId: expect.any(String),
            concertName: 'Rock Night',
            ticketLevel: 'GA',
            levelName: 'General admission',
            quantity: 2,
            unitPrice: 4500,
            amount: 9000,
          },
          expect.objectContaining({ ticketLevel: 'VIP', quantity: 1, unitPrice: 12_000, amount: 12_000 }),
        ],
        total: 21_000,
        currency: 'EUR',
        billingInfo: { name: 'Fan Finance', email: fan.email },
        issuedAt: expect.any(String),
      });
    });

    it("answers 404 for another customer's invoice and for an unknown one, 400 for a malformed id", async () => {
      expectProblem(
        await stack.http('GET', `/invoices/${otherInvoice}`, { token: fan.token }),
        404,
        'invoice_not_found',
      );
      expectProblem(
        await stack.http('GET', `/invoices/${randomUUID()}`, { token: fan.token }),
        404,
        'invoice_not_found',
      );
      expectProblem(await stack.http('GET', '/invoices/123', { token: fan.token }), 400, 'validation_failed');
      expectProblem(await stack.http('GET', `/invoices/${fanInvoices[0]}`), 401);
    });
  });

  describe('GET /me/finance', () => {
    it("sums the signed-in customer's payments per currency", async () => {
      const res = await stack.http('GET', '/me/finance', { token: fan.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        currencies: [
          {
            currency: 'EUR',
            ongoing: { count: 1, amount: 2000 },
            completed: { count: 1, amount: 9000 },
            refunds: { count: 1, amount: 4500 },
            totalSpent: 9000,
          },
          {
            currency: 'USD',
            ongoing: { count: 0, amount: 0 },
            completed: { count: 1, amount: 2550 },
            refunds: { count: 0, amount: 0 },
            totalSpent: 2550,
          },
        ],
      });
      const others = await stack.http('GET', '/me/finance', { token: other.token });
      expect(others.body.currencies).toEqual([expect.objectContaining({ currency: 'EUR', totalSpent: 7000 })]);
    });

    it('needs a signed-in customer', async () => {
      expectProblem(await stack.http('GET', '/me/finance'), 401);
    });
  });
});
