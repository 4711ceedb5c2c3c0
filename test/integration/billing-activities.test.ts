import { randomUUID } from 'node:crypto';
import { createBillingActivities } from '../../src/activities/billing';
import { BillingAccountCommands } from '../../src/application/billing/billing-commands';
import { ConcertCatalog } from '../../src/application/catalog/concert-catalog';
import { lockLevelStock } from '../../src/application/orders/level-stock';
import { reactivateAccount, suspendAccount } from '../../src/domain/billing/billing-account-decisions';
import { stockKey } from '../../src/domain/orders/stock';
import type { Infrastructure } from '../../src/infra/infrastructure';
import { scheduleTestConcert } from '../support/shop';
import { AccountCommands } from '../../src/application/accounts/account-commands';
import { AccountAllowances } from '../../src/application/billing/account-allowances';
import { subscriptionInvoiceId } from '../../src/application/billing/billing-commands';
import { PaymentMethodOnFile } from '../../src/application/billing/payment-method-on-file';
import { Registration } from '../../src/application/identity/registration';
import { UserCommands } from '../../src/application/identity/user-commands';
import { billingAccountStreamId } from '../../src/domain/billing/billing-account-events';
import { parseInvoiceNumber } from '../../src/domain/billing/invoice-number';
import { subscriptionInvoiceStreamId } from '../../src/domain/billing/subscription-invoice-events';
import { startMailSink, type MailSink } from '../../src/dev/mail-sink/server';
import { createDb, type Db } from '../../src/infra/db/prisma';
import { EventStore } from '../../src/infra/event-store/event-store';
import { upcasters } from '../../src/infra/event-store/upcaster-registry';
import { createMailer } from '../../src/infra/mail/mailer';
import { createPaymentGateway } from '../../src/infra/payments/create-payment-gateway';
import { allProjections } from '../../src/read-models';
import { billingProjections } from '../../src/read-models/billing';
import { rebuildReadModels } from '../../src/read-models/rebuild';
import { snapshotTables } from '../support/table-snapshot';
import { openBilledAccount, pdfText } from '../support/billing';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';

const DAY = 86_400_000;

// The billing activities as the worker runs them: real Postgres with every projection, stripe-mock in
// Stripe test mode behind a recording proxy, and the local SendGrid-compatible mail sink.
describe('billing activities (Postgres + stripe-mock + mail sink)', () => {
  let db: Db;
  let eventStore: EventStore;
  let proxy: RecordingProxy;
  let sink: MailSink;
  let accounts: AccountCommands;
  let registration: Registration;
  let paymentMethods: PaymentMethodOnFile;
  let allowances: AccountAllowances;
  let activities: ReturnType<typeof createBillingActivities>;

  beforeAll(async () => {
    db = createDb(process.env.DATABASE_URL!);
    eventStore = new EventStore(db, { projections: allProjections, upcasters });
    proxy = await startRecordingProxy(process.env.STRIPE_MOCK_URL!);
    sink = await startMailSink();
    const paymentGateway = createPaymentGateway({ mockUrl: proxy.url });
    accounts = new AccountCommands(eventStore);
    registration = new Registration(db, new UserCommands(eventStore));
    paymentMethods = new PaymentMethodOnFile(eventStore, paymentGateway);
    allowances = new AccountAllowances(eventStore);
    activities = createBillingActivities({
      config: {
        billing: {
          taxRateBps: 1900,
          dunningScheduleMs: [DAY, 3 * DAY, 7 * DAY],
          seller: { name: 'Boxoffice Test GmbH', address: 'Teststrasse 1, 10115 Berlin' },
        },
      },
      db,
      eventStore,
      mailer: createMailer({ sinkUrl: sink.url, from: 'billing@boxoffice.test', fromName: 'Boxoffice Billing' }),
      paymentGateway,
    });
  });
  afterAll(async () => {
    await sink?.close();
    await proxy?.close();
    await db?.$disconnect();
  });
  beforeEach(() => proxy.clear());

  const open = (options: Parameters<typeof openBilledAccount>[1] = {}) =>
    openBilledAccount({ accounts, registration }, options);
  const typesOf = async (streamId: string) => (await eventStore.readStream(streamId)).map((e) => e.type);
  const sequence = (number: string) => parseInvoiceNumber(number)!.sequence;
  const lastSequence = async () =>
    (await db.invoiceNumberCounter.findUnique({ where: { year: new Date().getUTCFullYear() } }))?.lastSequence ?? 0;

  describe('finalizeInvoice', () => {
    it('numbers concurrent finalizations without gaps or duplicates, also when some are retries of one invoice', async () => {
      const opened = await Promise.all(Array.from({ length: 10 }, () => open()));
      const before = await lastSequence();
      // Every account finalized at once, and three of them twice more at the same time (lost races roll back).
      const requests = [...opened, opened[0], opened[0], opened[3]].map((a) =>
        activities.finalizeInvoice({ accountId: a.accountId, period: '2026-10' }),
      );
      const results = await Promise.all(requests);

      const byInvoice = new Map(results.map((r) => [r.invoiceId, r.number]));
      expect(byInvoice.size).toBe(10);
      // Retries answered the number of the invoice they raced for.
      expect(results[10].number).toBe(results[0].number);
      expect(results[12].number).toBe(results[3].number);
      const sequences = [...byInvoice.values()].map(sequence).sort((a, b) => a - b);
      expect(sequences).toEqual(Array.from({ length: 10 }, (_, i) => before + i + 1));
      expect(await lastSequence()).toBe(before + 10);
      for (const number of byInvoice.values()) expect(number).toMatch(/^BO-\d{4}-\d{6}$/);
    });

    it('is idempotent, consumes credits once and carries the unused remainder to the next invoice', async () => {
      const { accountId } = await open();
      await allowances.grantCredit(accountId, { amount: 6000, currency: 'EUR', reason: 'Outage' }, 'admin-1');

      const first = await activities.finalizeInvoice({ accountId, period: '2026-09' });
      expect(first).toMatchObject({ total: 0, currency: 'EUR' });
      expect(await activities.finalizeInvoice({ accountId, period: '2026-09' })).toEqual(first);
      expect(first.invoiceId).toBe(subscriptionInvoiceId(accountId, '2026-09'));
      expect(await typesOf(subscriptionInvoiceStreamId(first.invoiceId))).toEqual(['CustomerInvoiced']);
      expect(await typesOf(billingAccountStreamId(accountId))).toEqual([
        'AccountCreditGranted',
        'CreditsConsumed',
        'AccountCreditGranted',
      ]);
      const open1 = await db.billingAllowance.findMany({ where: { accountId, consumedBy: null } });
      expect(open1.map((a) => Number(a.amount))).toEqual([1100]);

      // The next month uses the remainder: (4900 - 1100) + 19 % tax.
      const second = await activities.finalizeInvoice({ accountId, period: '2026-10' });
      expect(second).toMatchObject({ total: 3800 + 722 });
      expect(await db.billingAllowance.count({ where: { accountId, consumedBy: null } })).toBe(0);
      const lines = await db.subscriptionInvoiceLine.findMany({
        where: { invoiceId: second.invoiceId },
        orderBy: { position: 'asc' },
      });
      expect(lines.map((l) => [l.kind, Number(l.amount)])).toEqual([
        ['plan', 4900],
        ['credit', -1100],
        ['tax', 722],
      ]);
    });

    it('bills the plan in force for the period and refuses an account opened after it', async () => {
      const { accountId } = await open({ openedAt: new Date('2026-10-20T00:00:00.000Z') });
      await expect(activities.finalizeInvoice({ accountId, period: '2026-09' })).rejects.toMatchObject({
        nonRetryable: true,
        type: 'account_not_billable',
      });
      await expect(activities.finalizeInvoice({ accountId, period: '2099-01' })).rejects.toMatchObject({
        nonRetryable: true,
        type: 'period_in_future',
      });
      await expect(activities.finalizeInvoice({ accountId, period: '2026-13' })).rejects.toMatchObject({
        nonRetryable: true,
        type: 'invalid_period',
      });
      expect(await activities.billableAccounts({ period: '2026-09', limit: 10_000 })).not.toContain(accountId);
      expect(await activities.billableAccounts({ period: '2026-10', limit: 10_000 })).toContain(accountId);
    });
  });

  describe('billableAccounts', () => {
    it('pages through accounts opened before the period ends, ordered by id', async () => {
      await Promise.all([open(), open(), open()]);
      const all = await activities.billableAccounts({ period: '2026-11', limit: 10_000 });
      expect(all).toEqual([...all].sort());
      const page1 = await activities.billableAccounts({ period: '2026-11', limit: 2 });
      const page2 = await activities.billableAccounts({ period: '2026-11', after: page1[1], limit: 2 });
      expect([...page1, ...page2]).toEqual(all.slice(0, 4));
    });
  });

  describe('chargeInvoice', () => {
    async function invoiced(paymentMethodId?: string, options: { monthlyPrice?: number } = {}) {
      const account = await open(options);
      if (paymentMethodId) await paymentMethods.attach(account.accountId, paymentMethodId, account.ownerId);
      const invoice = await activities.finalizeInvoice({ accountId: account.accountId, period: '2026-10' });
      return { ...account, ...invoice };
    }

    it('charges the card on file off-session with a key per invoice and attempt, once', async () => {
      const { invoiceId } = await invoiced('pm_card_visa');
      proxy.clear();
      expect(await activities.chargeInvoice({ invoiceId, attempt: 1 })).toEqual({ outcome: 'paid' });
      const charges = proxy.chargeRequests(`invoice-${invoiceId}-attempt-1`);
      expect(charges).toHaveLength(1);
      expect(charges[0].params.get('off_session')).toBe('true');
      expect(charges[0].params.get('confirm')).toBe('true');
      expect(charges[0].params.get('customer')).toMatch(/^cus_/);
      expect(charges[0].params.get('amount')).toBe('5831');
      // A retry answers what was recorded, without a second charge.
      expect(await activities.chargeInvoice({ invoiceId, attempt: 1 })).toEqual({ outcome: 'paid' });
      expect(proxy.chargeRequests()).toHaveLength(1);
      const row = await db.subscriptionInvoice.findUniqueOrThrow({ where: { id: invoiceId } });
      expect(row).toMatchObject({ paymentStatus: 'paid', attempts: 1 });
      expect(row.intentId).toMatch(/^pi_/);
    });

    it('records a decline with the next attempt, and a new attempt uses a new key', async () => {
      const { invoiceId, accountId, ownerId } = await invoiced('pm_card_chargeCustomerFail');
      const before = Date.now();
      expect(await activities.chargeInvoice({ invoiceId, attempt: 1 })).toEqual({
        outcome: 'failed',
        failureCode: 'card_declined',
      });
      const failed = await db.subscriptionInvoice.findUniqueOrThrow({ where: { id: invoiceId } });
      expect(failed.paymentStatus).toBe('payment_failed');
      expect(failed.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(before + DAY);
      await paymentMethods.attach(accountId, 'pm_card_mastercard', ownerId);
      expect(await activities.chargeInvoice({ invoiceId, attempt: 2 })).toEqual({ outcome: 'paid' });
      expect(proxy.chargeRequests(`invoice-${invoiceId}-attempt-1`)).toHaveLength(1);
      expect(proxy.chargeRequests(`invoice-${invoiceId}-attempt-2`)).toHaveLength(1);
      expect(await typesOf(subscriptionInvoiceStreamId(invoiceId))).toEqual([
        'CustomerInvoiced',
        'InvoicePaymentFailed',
        'InvoicePaid',
      ]);
    });

    it('fails a card that needs authentication: nobody is there off-session', async () => {
      const { invoiceId } = await invoiced('pm_card_authenticationRequired');
      expect(await activities.chargeInvoice({ invoiceId, attempt: 1 })).toEqual({
        outcome: 'failed',
        failureCode: 'authentication_required',
      });
    });

    it('fails without a payment method, and pays a zero total without asking Stripe', async () => {
      const none = await invoiced();
      expect(await activities.chargeInvoice({ invoiceId: none.invoiceId, attempt: 1 })).toEqual({
        outcome: 'failed',
        failureCode: 'no_payment_method',
      });
      const free = await invoiced(undefined, { monthlyPrice: 0 });
      proxy.clear();
      expect(await activities.chargeInvoice({ invoiceId: free.invoiceId, attempt: 1 })).toEqual({ outcome: 'paid' });
      expect(proxy.chargeRequests()).toHaveLength(0);
      const paid = (await eventStore.readStream(subscriptionInvoiceStreamId(free.invoiceId))).at(-1)!;
      expect(paid).toMatchObject({ type: 'InvoicePaid', data: { amount: 0, intentId: null, attempt: 1 } });
    });
  });

  describe('PDF, email, dunning, suspension', () => {
    it('renders the PDF once, with number, lines and total', async () => {
      const { accountId } = await open();
      await allowances.oweRefund(accountId, { amount: 900, currency: 'EUR', reason: 'Double charge' }, 'admin-1');
      const { invoiceId, number } = await activities.finalizeInvoice({ accountId, period: '2026-10' });
      const first = await activities.renderInvoicePdf({ invoiceId });
      expect(await activities.renderInvoicePdf({ invoiceId })).toEqual(first);
      expect(await typesOf(subscriptionInvoiceStreamId(invoiceId))).toEqual([
        'CustomerInvoiced',
        'InvoicePdfGenerated',
      ]);
      const stored = await db.subscriptionInvoicePdf.findUniqueOrThrow({ where: { invoiceId } });
      expect(stored.content.length).toBe(first.bytes);
      const text = await pdfText(Buffer.from(stored.content));
      expect(text).toContain(`Invoice ${number}`);
      expect(text).toContain('Boxoffice Test GmbH');
      expect(text).toContain('Club plan, October 2026');
      expect(text).toContain('Refund owed: Double charge');
      // (4900 - 900) + 760 tax
      expect(text).toContain('€47.60');
      expect(text).toMatch(/Total\s*€47\.60/);
    });

    it('emails the invoice once, to the owner, with the PDF attached', async () => {
      const { accountId, ownerEmail, ownerId } = await open();
      await paymentMethods.attach(accountId, 'pm_card_visa', ownerId);
      const { invoiceId, number } = await activities.finalizeInvoice({ accountId, period: '2026-10' });
      await activities.renderInvoicePdf({ invoiceId });
      await activities.chargeInvoice({ invoiceId, attempt: 1 });
      await activities.emailInvoice({ invoiceId });
      await activities.emailInvoice({ invoiceId });

      const mails = sink.messages().filter((m) => m.to.includes(ownerEmail));
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toContain(number);
      expect(mails[0].text).toContain('Paid');
      expect(mails[0].attachments).toHaveLength(1);
      expect(mails[0].attachments[0]).toMatchObject({ filename: `${number}.pdf`, type: 'application/pdf' });
      const stored = await db.subscriptionInvoicePdf.findUniqueOrThrow({ where: { invoiceId } });
      expect(Buffer.from(mails[0].attachments[0].content, 'base64').equals(Buffer.from(stored.content))).toBe(true);
      expect(await typesOf(subscriptionInvoiceStreamId(invoiceId))).toEqual([
        'CustomerInvoiced',
        'InvoicePdfGenerated',
        'InvoicePaid',
        'InvoiceEmailed',
      ]);
    });

    it('dunning notices go once per attempt; uncollectible suspends; a later payment reactivates', async () => {
      const { accountId, ownerEmail, ownerId } = await open();
      await paymentMethods.attach(accountId, 'pm_card_chargeDeclinedInsufficientFunds', ownerId);
      const { invoiceId } = await activities.finalizeInvoice({ accountId, period: '2026-10' });
      expect(await activities.chargeInvoice({ invoiceId, attempt: 1 })).toMatchObject({ outcome: 'failed' });
      await activities.sendDunningNotice({ invoiceId, attempt: 1, nextAttemptAt: '2026-11-02T02:00:00.000Z' });
      await activities.sendDunningNotice({ invoiceId, attempt: 1, nextAttemptAt: '2026-11-02T02:00:00.000Z' });
      const notices = sink.messages().filter((m) => m.to.includes(ownerEmail));
      expect(notices).toHaveLength(1);
      expect(notices[0].subject).toContain('Payment failed');
      expect(notices[0].text).toContain('insufficient funds');

      await activities.markUncollectible({ invoiceId });
      await activities.markUncollectible({ invoiceId });
      expect(await db.billingAccount.findUniqueOrThrow({ where: { accountId } })).toMatchObject({
        status: 'suspended',
        suspendedFor: [invoiceId],
      });
      expect((await db.subscriptionInvoice.findUniqueOrThrow({ where: { id: invoiceId } })).paymentStatus).toBe(
        'uncollectible',
      );
      await expect(activities.reactivateAccount({ invoiceId })).rejects.toMatchObject({ type: 'InvoiceNotPaid' });

      await paymentMethods.attach(accountId, 'pm_card_visa', ownerId);
      expect(await activities.chargeInvoice({ invoiceId, attempt: 5 })).toEqual({ outcome: 'paid' });
      await activities.reactivateAccount({ invoiceId });
      await activities.reactivateAccount({ invoiceId });
      expect(await db.billingAccount.findUniqueOrThrow({ where: { accountId } })).toMatchObject({
        status: 'active',
        suspendedFor: [],
      });
      expect(await typesOf(billingAccountStreamId(accountId))).toEqual([
        'PaymentMethodAttached',
        'AccountSuspended',
        'PaymentMethodAttached',
        'AccountReactivated',
      ]);
    });
  });

  describe('suspension', () => {
    it("stops a suspended account's concerts selling, and hides them from the public listing, until reactivated", async () => {
      const infra = { db, eventStore } as unknown as Infrastructure;
      const { concertId, accountId } = await scheduleTestConcert(
        infra,
        [{ code: 'GA', capacity: 10 }],
        'Suspense Tour',
      );
      const billing = new BillingAccountCommands(eventStore);
      const onSale = () =>
        db.$transaction(
          async (tx) =>
            (await lockLevelStock(tx, [{ concertId, ticketLevel: 'GA' }], new Date())).get(stockKey(concertId, 'GA'))!
              .onSale,
        );
      const listed = async () =>
        (await new ConcertCatalog(db).list({ limit: 100, artist: 'The Examples' })).items.some(
          (c) => c.id === concertId,
        );
      expect(await onSale()).toBe(true);
      expect(await listed()).toBe(true);

      const invoiceId = randomUUID();
      await billing.execute(accountId, (s) => suspendAccount(s, { accountId, invoiceId, now: new Date() }), {
        operationId: `suspend:${invoiceId}`,
      });
      expect(await onSale()).toBe(false);
      expect(await listed()).toBe(false);

      await billing.execute(accountId, (s) => reactivateAccount(s, { accountId, invoiceId, now: new Date() }), {
        operationId: `reactivate:${invoiceId}`,
      });
      expect(await onSale()).toBe(true);
      expect(await listed()).toBe(true);
    });
  });

  describe('payment method on file', () => {
    it('creates the Stripe customer once and reports brand and last4; a rejected id stores nothing', async () => {
      const { accountId, ownerId } = await open();
      await paymentMethods.attach(accountId, 'pm_card_mastercard', ownerId);
      await paymentMethods.attach(accountId, 'pm_card_amex', ownerId);
      const customers = proxy.requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers');
      expect(customers).toHaveLength(1);
      expect(customers[0].idempotencyKey).toBe(`account-${accountId}-customer`);
      expect(await db.billingAccount.findUniqueOrThrow({ where: { accountId } })).toMatchObject({
        brand: 'amex',
        last4: '8431',
        paymentMethodId: 'pm_card_amex',
      });
      const before = await typesOf(billingAccountStreamId(accountId));
      await expect(paymentMethods.attach(accountId, 'pm_no_such_method', ownerId)).rejects.toMatchObject({
        kind: 'invalid',
        code: 'payment_method_rejected',
      });
      expect(await typesOf(billingAccountStreamId(accountId))).toEqual(before);
    });
  });

  it('rebuilding the billing read models reproduces them exactly', async () => {
    const tables = [...new Set(billingProjections.flatMap((p) => p.tables))];
    const before = await snapshotTables(db, tables);
    expect(before.subscription_invoices.length).toBeGreaterThan(10);
    expect(before.billing_allowances.length).toBeGreaterThan(0);
    await rebuildReadModels(db, eventStore, billingProjections);
    expect(await snapshotTables(db, tables)).toEqual(before);
  });
});
