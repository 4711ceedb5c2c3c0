import { randomBytes, randomUUID } from 'node:crypto';
import { createFinanceActivities } from '../../src/activities/finance';
import { FinancialSummaries } from '../../src/application/finance/financial-summary';
import { purchaseInvoiceId } from '../../src/application/finance/order-invoicing';
import { PaymentQueries } from '../../src/application/finance/payment-queries';
import { PurchaseInvoiceQueries } from '../../src/application/finance/purchase-invoice-queries';
import { Registration, type RegisteredUser } from '../../src/application/identity/registration';
import { UserCommands } from '../../src/application/identity/user-commands';
import { purchaseInvoiceNumber } from '../../src/domain/finance/purchase-invoice';
import {
  PURCHASE_INVOICE_STREAM_TYPE,
  purchaseInvoiceStreamId,
  type OrderInvoiced,
} from '../../src/domain/finance/purchase-invoice-events';
import {
  ORDER_STREAM_TYPE,
  orderStreamId,
  type OrderEvent,
  type OrderLine,
} from '../../src/domain/orders/order-events';
import { PAYMENT_STREAM_TYPE, paymentStreamId, type PaymentEvent } from '../../src/domain/payments/payment-events';
import { DomainError } from '../../src/domain/shared/errors';
import { createDb, type Db } from '../../src/infra/db/prisma';
import { EventStore } from '../../src/infra/event-store/event-store';
import { upcasters } from '../../src/infra/event-store/upcaster-registry';
import { allProjections } from '../../src/read-models';
import { financeProjections } from '../../src/read-models/finance';
import { rebuildReadModels } from '../../src/read-models/rebuild';
import { snapshotTables } from '../support/table-snapshot';

const FINANCE_TABLES = ['payments', 'purchase_invoices', 'purchase_invoice_lines'];
const T0 = Date.parse('2026-11-21T12:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

type Step =
  | { type: 'action'; at: number }
  | { type: 'succeeded'; at: number }
  | { type: 'failed'; at: number; code?: string }
  | { type: 'cancelled'; at: number }
  | { type: 'refunded'; at: number; amount?: number };

describe('finance read models and invoicing', () => {
  let db: Db;
  let eventStore: EventStore;
  let registration: Registration;
  let payments: PaymentQueries;
  let invoices: PurchaseInvoiceQueries;
  let summaries: FinancialSummaries;
  let activities: ReturnType<typeof createFinanceActivities>;

  const append = (streamId: string, streamType: string, events: Array<OrderEvent | PaymentEvent | OrderInvoiced>) =>
    eventStore.append([
      {
        streamId,
        streamType,
        expectedVersion: 'any',
        events: events.map((e) => ({ ...e, eventId: randomUUID() })),
      },
    ]);

  const orderLine = (overrides: Partial<OrderLine> = {}): OrderLine => ({
    concertId: randomUUID(),
    accountId: randomUUID(),
    concertName: 'Winter Tour',
    ticketLevel: 'GA',
    levelName: 'General admission',
    quantity: 2,
    unitPrice: 4500,
    currency: 'EUR',
    ...overrides,
  });

  /** Appends OrderPlaced (and OrderPaid when `paid`) on the order's stream; returns the order id. */
  async function placeOrder(customerId: string, lines: OrderLine[], options: { paid?: boolean } = {}) {
    const orderId = randomUUID();
    const amount = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
    const events: OrderEvent[] = [
      {
        type: 'OrderPlaced',
        data: {
          orderId,
          customerId,
          cartId: randomUUID(),
          lines,
          total: { amount, currency: lines[0].currency },
          delivery: { method: 'email' },
          paymentMethodId: 'pm_card_visa',
          requestHash: randomBytes(8).toString('hex'),
          placedAt: new Date().toISOString(),
        },
      },
    ];
    if (options.paid) {
      events.push({
        type: 'OrderPaid',
        data: {
          orderId,
          paymentId: randomUUID(),
          // Concerts nobody scheduled: the stock counts of real concerts stay untouched.
          lines: lines.map((l) => ({ concertId: l.concertId, ticketLevel: l.ticketLevel, quantity: l.quantity })),
          paidAt: new Date().toISOString(),
        },
      });
    }
    await append(orderStreamId(orderId), ORDER_STREAM_TYPE, events);
    return orderId;
  }

  /** A payment of a new order: PaymentRequested at `requestedAt` minutes, then the given steps. */
  async function pay(
    customerId: string,
    amount: number,
    currency: string,
    requestedAt: number,
    steps: Step[] = [],
  ): Promise<{ paymentId: string; orderId: string }> {
    const orderId = randomUUID();
    const paymentId = randomUUID();
    const intentId = `pi_${randomBytes(8).toString('hex')}`;
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
          requestedAt: at(requestedAt),
        },
      },
    ];
    for (const step of steps) {
      if (step.type === 'action')
        events.push({ type: 'PaymentActionRequired', data: { ...ids, intentId, at: at(step.at) } });
      if (step.type === 'succeeded') {
        events.push({
          type: 'PaymentSucceeded',
          data: { ...ids, intentId, amount, currency, succeededAt: at(step.at) },
        });
      }
      if (step.type === 'failed') {
        events.push({
          type: 'PaymentFailed',
          data: {
            ...ids,
            intentId,
            failureCode: step.code ?? 'card_declined',
            failureMessage: 'Your card was declined.',
            failedAt: at(step.at),
          },
        });
      }
      if (step.type === 'cancelled') {
        events.push({ type: 'PaymentCancelled', data: { ...ids, intentId, cancelledAt: at(step.at) } });
      }
      if (step.type === 'refunded') {
        events.push({
          type: 'PaymentRefunded',
          data: {
            ...ids,
            intentId,
            refundId: `re_${paymentId.slice(0, 8)}`,
            amount: step.amount ?? amount,
            currency,
            reason: 'concert_cancelled',
            refundedAt: at(step.at),
          },
        });
      }
    }
    await append(paymentStreamId(orderId), PAYMENT_STREAM_TYPE, events);
    return ids;
  }

  async function registerCustomer(name = 'Ada Lovelace'): Promise<RegisteredUser> {
    const tag = randomBytes(6).toString('hex');
    return registration.register({ email: `Finance.${tag}@Example.test`, password: 'Correct-Horse-Battery-42', name });
  }

  const invoiceEvents = async (orderId: string) =>
    (await eventStore.readStream(purchaseInvoiceStreamId(orderId))).filter((e) => e.type === 'OrderInvoiced');

  beforeAll(() => {
    db = createDb(process.env.DATABASE_URL!);
    eventStore = new EventStore(db, { projections: allProjections, upcasters });
    registration = new Registration(db, new UserCommands(eventStore));
    payments = new PaymentQueries(db);
    invoices = new PurchaseInvoiceQueries(db);
    summaries = new FinancialSummaries(db);
    activities = createFinanceActivities({ db, eventStore });
  });
  afterAll(() => db.$disconnect());

  describe('payments', () => {
    it('follows each payment through its events', async () => {
      const customer = randomUUID();
      const succeeded = await pay(customer, 9000, 'EUR', 0, [{ type: 'succeeded', at: 1 }]);
      const pending = await pay(customer, 2000, 'EUR', 2, [{ type: 'action', at: 3 }]);
      const failed = await pay(customer, 1000, 'EUR', 4, [{ type: 'failed', at: 5, code: 'card_declined' }]);
      const cancelled = await pay(customer, 700, 'EUR', 6, [
        { type: 'action', at: 7 },
        { type: 'cancelled', at: 8 },
      ]);
      const refunded = await pay(customer, 4500, 'EUR', 9, [
        { type: 'succeeded', at: 10 },
        { type: 'refunded', at: 11 },
      ]);

      expect(await payments.get(customer, succeeded.paymentId)).toEqual({
        id: succeeded.paymentId,
        orderId: succeeded.orderId,
        amount: 9000,
        currency: 'EUR',
        status: 'Succeeded',
        intentId: expect.stringMatching(/^pi_/),
        failureCode: null,
        failureMessage: null,
        refundId: null,
        refundedAmount: 0,
        requestedAt: at(0),
        updatedAt: at(1),
      });
      expect(await payments.get(customer, pending.paymentId)).toMatchObject({ status: 'Pending', updatedAt: at(3) });
      expect(await payments.get(customer, failed.paymentId)).toMatchObject({
        status: 'Failed',
        failureCode: 'card_declined',
        failureMessage: 'Your card was declined.',
        updatedAt: at(5),
      });
      expect(await payments.get(customer, cancelled.paymentId)).toMatchObject({ status: 'Cancelled' });
      expect(await payments.get(customer, refunded.paymentId)).toMatchObject({
        status: 'Refunded',
        amount: 4500,
        refundId: `re_${refunded.paymentId.slice(0, 8)}`,
        refundedAmount: 4500,
        requestedAt: at(9),
        updatedAt: at(11),
      });
    });

    it('shows a payment that failed before anything was requested, with the order’s customer and total', async () => {
      const customer = randomUUID();
      const orderId = await placeOrder(customer, [orderLine({ quantity: 3, unitPrice: 2500 })]);
      const paymentId = randomUUID();
      await append(paymentStreamId(orderId), PAYMENT_STREAM_TYPE, [
        {
          type: 'PaymentFailed',
          data: {
            paymentId,
            orderId,
            failureCode: 'payment_method_invalid',
            failureMessage: 'No such payment method',
            failedAt: at(30),
          },
        },
      ]);
      expect(await payments.get(customer, paymentId)).toMatchObject({
        orderId,
        amount: 7500,
        currency: 'EUR',
        status: 'Failed',
        intentId: null,
        failureCode: 'payment_method_invalid',
        requestedAt: at(30),
      });
    });

    it("lists a customer's payments newest first, a page at a time, and nobody else's", async () => {
      const customer = randomUUID();
      const other = randomUUID();
      const first = await pay(customer, 100, 'EUR', 0);
      const second = await pay(customer, 200, 'EUR', 10, [{ type: 'succeeded', at: 11 }]);
      const third = await pay(customer, 300, 'USD', 20);
      const foreign = await pay(other, 400, 'EUR', 15);

      const page1 = await payments.list(customer, { limit: 2 });
      expect(page1.items.map((p) => p.id)).toEqual([third.paymentId, second.paymentId]);
      expect(page1.nextCursor).toEqual(expect.any(String));
      const page2 = await payments.list(customer, { limit: 2, cursor: page1.nextCursor! });
      expect(page2.items.map((p) => p.id)).toEqual([first.paymentId]);
      expect(page2.nextCursor).toBeNull();

      expect((await payments.list(other, { limit: 20 })).items.map((p) => p.id)).toEqual([foreign.paymentId]);
      await expect(payments.get(customer, foreign.paymentId)).rejects.toMatchObject({
        kind: 'not_found',
        code: 'payment_not_found',
      });
      await expect(payments.get(customer, randomUUID())).rejects.toBeInstanceOf(DomainError);
    });

    it.each([
      'garbage',
      Buffer.from('not-a-date|x').toString('base64url'),
      Buffer.from(`${at(0)}|1`).toString('base64url'),
    ])('refuses a cursor it did not hand out (%s)', async (cursor) => {
      await expect(payments.list(randomUUID(), { limit: 5, cursor })).rejects.toMatchObject({
        kind: 'bad_request',
        code: 'invalid_cursor',
      });
    });
  });

  describe('financial summary', () => {
    it('sums ongoing, completed and refunded payments per currency, and what was spent', async () => {
      const customer = randomUUID();
      await pay(customer, 9000, 'EUR', 0, [{ type: 'succeeded', at: 1 }]);
      await pay(customer, 4500, 'EUR', 2, [
        { type: 'succeeded', at: 3 },
        { type: 'refunded', at: 4 },
      ]);
      await pay(customer, 2000, 'EUR', 5, [{ type: 'action', at: 6 }]);
      await pay(customer, 1000, 'EUR', 7, [{ type: 'failed', at: 8 }]);
      await pay(customer, 700, 'EUR', 9, [{ type: 'cancelled', at: 10 }]);
      await pay(customer, 2550, 'USD', 11, [{ type: 'succeeded', at: 12 }]);
      await pay(customer, 1250, 'USD', 13, [{ type: 'succeeded', at: 14 }]);
      await pay(randomUUID(), 99_999, 'EUR', 0, [{ type: 'succeeded', at: 1 }]);

      expect(await summaries.of(customer)).toEqual({
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
            completed: { count: 2, amount: 3800 },
            refunds: { count: 0, amount: 0 },
            totalSpent: 3800,
          },
        ],
      });
    });

    it('is empty for a customer whose payments all failed or were cancelled', async () => {
      const customer = randomUUID();
      await pay(customer, 1000, 'EUR', 0, [{ type: 'failed', at: 1 }]);
      await pay(customer, 1000, 'EUR', 2, [{ type: 'cancelled', at: 3 }]);
      expect(await summaries.of(customer)).toEqual({ currencies: [] });
      expect(await summaries.of(randomUUID())).toEqual({ currencies: [] });
    });
  });

  describe('invoiceOrder', () => {
    it('invoices a paid order: lines, total = sum of lines, billing info from the users read model', async () => {
      const customer = await registerCustomer('Grace Hopper');
      const orderId = await placeOrder(
        customer.id,
        [orderLine(), orderLine({ ticketLevel: 'VIP', levelName: 'VIP lounge', quantity: 1, unitPrice: 12_000 })],
        { paid: true },
      );

      const { invoiceId } = await activities.invoiceOrder({ orderId });

      expect(invoiceId).toBe(purchaseInvoiceId(orderId));
      const invoice = await invoices.get(customer.id, invoiceId);
      expect(invoice).toEqual({
        id: invoiceId,
        number: expect.stringMatching(/^BOP-\d{4}-[0-9A-F]{8}$/),
        orderId,
        lines: [
          expect.objectContaining({ ticketLevel: 'GA', quantity: 2, unitPrice: 4500, amount: 9000 }),
          expect.objectContaining({ ticketLevel: 'VIP', levelName: 'VIP lounge', quantity: 1, amount: 12_000 }),
        ],
        total: 21_000,
        currency: 'EUR',
        billingInfo: { name: 'Grace Hopper', email: customer.email },
        issuedAt: expect.any(String),
      });
      expect(invoice.number).toBe(purchaseInvoiceNumber(invoiceId, new Date(invoice.issuedAt)));
      await expect(invoices.get(randomUUID(), invoiceId)).rejects.toMatchObject({ code: 'invoice_not_found' });
    });

    it('is idempotent: calls again, even at once, answer the same invoice and write one event', async () => {
      const customer = await registerCustomer();
      const orderId = await placeOrder(customer.id, [orderLine()], { paid: true });

      const first = await activities.invoiceOrder({ orderId });
      const again = await activities.invoiceOrder({ orderId });
      expect(again).toEqual(first);
      expect(await invoiceEvents(orderId)).toHaveLength(1);

      const racing = await placeOrder(customer.id, [orderLine()], { paid: true });
      const results = await Promise.all(Array.from({ length: 5 }, () => activities.invoiceOrder({ orderId: racing })));
      expect(new Set(results.map((r) => r.invoiceId))).toEqual(new Set([purchaseInvoiceId(racing)]));
      expect(await invoiceEvents(racing)).toHaveLength(1);
      expect((await invoices.list(customer.id, { limit: 10 })).items).toHaveLength(2);
    });

    it('refuses, for good, an order that is not paid or does not exist', async () => {
      const customer = await registerCustomer();
      const unpaid = await placeOrder(customer.id, [orderLine()]);

      await expect(activities.invoiceOrder({ orderId: unpaid })).rejects.toMatchObject({
        type: 'order_not_paid',
        nonRetryable: true,
      });
      await expect(activities.invoiceOrder({ orderId: randomUUID() })).rejects.toMatchObject({
        type: 'order_not_found',
        nonRetryable: true,
      });
      expect(await invoiceEvents(unpaid)).toHaveLength(0);
      expect(await db.purchaseInvoice.count({ where: { orderId: unpaid } })).toBe(0);
    });

    it('refuses an order whose lines mix currencies', async () => {
      const customer = await registerCustomer();
      const orderId = await placeOrder(customer.id, [orderLine(), orderLine({ currency: 'USD' })], { paid: true });
      await expect(activities.invoiceOrder({ orderId })).rejects.toMatchObject({
        type: 'mixed_currencies',
        nonRetryable: true,
      });
    });

    it('takes a longer number when the short one is taken already', async () => {
      const customer = await registerCustomer();
      const orderId = await placeOrder(customer.id, [orderLine()], { paid: true });
      const invoiceId = purchaseInvoiceId(orderId);
      const short = purchaseInvoiceNumber(invoiceId, new Date());
      // Another order's invoice that happens to carry the same short number.
      const otherOrder = randomUUID();
      await append(purchaseInvoiceStreamId(otherOrder), PURCHASE_INVOICE_STREAM_TYPE, [
        {
          type: 'OrderInvoiced',
          data: {
            invoiceId: randomUUID(),
            number: short,
            orderId: otherOrder,
            customerId: randomUUID(),
            lines: [],
            total: 0,
            currency: 'EUR',
            billingInfo: { name: 'Someone', email: 'someone@example.test' },
            issuedAt: new Date().toISOString(),
          },
        },
      ]);

      await activities.invoiceOrder({ orderId });

      const invoice = await invoices.get(customer.id, invoiceId);
      expect(invoice.number).toBe(purchaseInvoiceNumber(invoiceId, new Date(invoice.issuedAt), 12));
      expect(invoice.number).not.toBe(short);
    });

    it("lists a customer's invoices newest first, a page at a time", async () => {
      const customer = await registerCustomer();
      const orders = [];
      for (let i = 0; i < 3; i++) {
        orders.push(await placeOrder(customer.id, [orderLine({ quantity: i + 1 })], { paid: true }));
        await activities.invoiceOrder({ orderId: orders[i] });
        // Invoices are listed by the millisecond they were issued: keep each one's distinct.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const page1 = await invoices.list(customer.id, { limit: 2 });
      expect(page1.items.map((i) => i.orderId)).toEqual([orders[2], orders[1]]);
      expect(page1.items[0].lines).toEqual([expect.objectContaining({ quantity: 3, amount: 13_500 })]);
      const page2 = await invoices.list(customer.id, { limit: 2, cursor: page1.nextCursor! });
      expect(page2).toEqual({
        items: [expect.objectContaining({ orderId: orders[0], total: 4500 })],
        nextCursor: null,
      });
    });
  });

  it('rebuilds the finance read models exactly from the events', async () => {
    await rebuildReadModels(db, eventStore, financeProjections);
    const customer = await registerCustomer();
    await pay(customer.id, 9000, 'EUR', 0, [{ type: 'succeeded', at: 1 }]);
    const refunded = await pay(customer.id, 4500, 'EUR', 2, [
      { type: 'succeeded', at: 3 },
      { type: 'refunded', at: 4 },
    ]);
    await pay(customer.id, 1000, 'USD', 5, [{ type: 'failed', at: 6 }]);
    const orderId = await placeOrder(customer.id, [orderLine(), orderLine({ ticketLevel: 'B' })], { paid: true });
    const { invoiceId } = await activities.invoiceOrder({ orderId });

    const before = await snapshotTables(db, FINANCE_TABLES);
    // The snapshot holds what was just done, so comparing it is not comparing nothing.
    expect(before.payments).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: refunded.paymentId, status: 'Refunded' })]),
    );
    expect(before.purchase_invoices).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: invoiceId, total: 18_000 })]),
    );
    expect(before.purchase_invoice_lines.filter((l) => l.invoice_id === invoiceId)).toHaveLength(2);

    await db.$executeRaw`UPDATE payments SET status = 'Failed', refunded_amount = 0 WHERE id = ${refunded.paymentId}::uuid`;
    await db.$executeRaw`DELETE FROM purchase_invoices WHERE id = ${invoiceId}::uuid`;
    expect(await snapshotTables(db, FINANCE_TABLES)).not.toEqual(before);

    await rebuildReadModels(db, eventStore, financeProjections);

    expect(await snapshotTables(db, FINANCE_TABLES)).toEqual(before);
  });
});
