import { randomUUID } from 'node:crypto';
import { AccountAccess } from '../../src/application/accounts/account-access';
import { InvoicePayments } from '../../src/application/billing-runs/invoice-payments';
import type { AuthenticatedUser } from '../../src/application/identity/authentication';
import { deterministicId } from '../../src/infra/event-store/ids';
import {
  invoiceStatusQuery,
  invoiceWorkflowId,
  payInvoiceUpdate,
  type InvoiceAccountInput,
} from '../../src/workflows/billing.contract';
import type { invoiceAccountWorkflow } from '../../src/workflows/invoice-account.workflow';
import {
  attachTestPaymentMethod,
  openBillingAccount,
  sleep,
  streamEvents,
  type BillingTestAccount,
} from '../support/billing-runs';
import { replayAndRecord } from '../support/replay-history';
import { startWrappedWorker } from '../support/wrapped-worker';
import { eventually, startTestStack, type TestStack } from '../support/stack';

// The invoice workflow on the real dev server, Postgres, stripe-mock (Stripe's test payment methods:
// pm_card_chargeDeclined is declined) and the mail sink. Each test bills a period of its own, long ago,
// with accounts opened in it.

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

const invoiceIdOf = (accountId: string, period: string) => deterministicId('subscription-invoice', accountId, period);
const invoiceStream = (invoiceId: string) => `subscription-invoice-${invoiceId}`;
const positionOf = (events: Array<{ type: string; position: number }>, type: string) => {
  const found = events.find((e) => e.type === type);
  if (!found) throw new Error(`no ${type} in ${events.map((e) => e.type).join(', ')}`);
  return found.position;
};
const ownerOf = (account: BillingTestAccount): AuthenticatedUser => ({
  id: account.owner.userId,
  email: account.owner.email,
  name: 'Owner Example',
  role: 'customer' as AuthenticatedUser['role'],
});

async function startInvoice(
  account: BillingTestAccount,
  period: string,
  dunningScheduleMs: number[],
  taskQueue?: string,
) {
  const input: InvoiceAccountInput = { accountId: account.accountId, period, dunningScheduleMs };
  return stack.temporal.workflow.start<typeof invoiceAccountWorkflow>('invoiceAccountWorkflow', {
    workflowId: invoiceWorkflowId(account.accountId, period),
    taskQueue: taskQueue ?? stack.config.temporal.taskQueue,
    args: [input],
  });
}

describe('the join: the invoice email goes out only once the PDF and the payment outcome are both known', () => {
  it('a slow PDF: the charge completes first, the email waits for the PDF', async () => {
    const period = '2011-03';
    const account = await openBillingAccount(stack.infra, { openedAt: new Date('2011-03-05T10:00:00Z') });
    const taskQueue = `billing-join-${randomUUID()}`;
    const worker = await startWrappedWorker(stack.infra, taskQueue, (real) => ({
      renderInvoicePdf: async (input) => {
        await sleep(2000);
        return real.renderInvoicePdf(input);
      },
    }));
    try {
      const handle = await startInvoice(account, period, [], taskQueue);
      const status = await handle.result();
      expect(status).toMatchObject({ state: 'Paid', pdf: 'generated', emailed: true, payment: { attempts: 1 } });
      const events = await streamEvents(stack.infra, invoiceStream(invoiceIdOf(account.accountId, period)));
      const paid = positionOf(events, 'InvoicePaid');
      const pdf = positionOf(events, 'InvoicePdfGenerated');
      const emailed = positionOf(events, 'InvoiceEmailed');
      expect(paid).toBeLessThan(pdf); // charged in parallel, not after the PDF
      expect(emailed).toBeGreaterThan(pdf);
      expect(emailed).toBeGreaterThan(paid);
    } finally {
      await worker.stop();
    }
  });

  it('a slow charge: the PDF is ready first, the email waits for the payment outcome', async () => {
    const period = '2011-02';
    const account = await openBillingAccount(stack.infra, { openedAt: new Date('2011-02-05T10:00:00Z') });
    const taskQueue = `billing-join-${randomUUID()}`;
    const worker = await startWrappedWorker(stack.infra, taskQueue, (real) => ({
      chargeInvoice: async (input) => {
        await sleep(2000);
        return real.chargeInvoice(input);
      },
    }));
    try {
      const handle = await startInvoice(account, period, [], taskQueue);
      expect(await handle.result()).toMatchObject({ state: 'Paid', emailed: true });
      const events = await streamEvents(stack.infra, invoiceStream(invoiceIdOf(account.accountId, period)));
      const paid = positionOf(events, 'InvoicePaid');
      const pdf = positionOf(events, 'InvoicePdfGenerated');
      const emailed = positionOf(events, 'InvoiceEmailed');
      expect(pdf).toBeLessThan(paid);
      expect(emailed).toBeGreaterThan(paid);
      expect(emailed).toBeGreaterThan(pdf);
      // The email carries the PDF.
      const mails = stack.sink.messages().filter((m) => m.to.includes(account.owner.email));
      expect(mails).toHaveLength(1);
      expect(mails[0].attachments).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'application/pdf' })]),
      );
    } finally {
      await worker.stop();
    }
  });
});

describe('dunning', () => {
  it('a declined charge is retried on the schedule and succeeds once the payment method is replaced', async () => {
    const period = '2010-06';
    const account = await openBillingAccount(stack.infra, {
      openedAt: new Date('2010-06-01T00:00:00Z'),
      paymentMethodId: 'pm_card_chargeDeclined',
    });
    const handle = await startInvoice(account, period, [3000, 3000]);
    await eventually(async () => {
      const s = await handle.query(invoiceStatusQuery);
      return s.state === 'Dunning' ? s : undefined;
    });
    await attachTestPaymentMethod(stack.infra, account.accountId, 'pm_card_visa');

    const status = await handle.result();
    expect(status).toMatchObject({ state: 'Paid', emailed: true, dunningNotices: 0, payment: { attempts: 2 } });
    const events = await streamEvents(stack.infra, invoiceStream(invoiceIdOf(account.accountId, period)));
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'InvoicePaymentFailed')).toHaveLength(1);
    expect(types.filter((t) => t === 'InvoicePaid')).toHaveLength(1);
    expect(types.filter((t) => t === 'InvoiceEmailed')).toHaveLength(1);
    // The invoice email (saying the payment failed) went out after the first outcome, before the retry paid.
    expect(positionOf(events, 'InvoiceEmailed')).toBeGreaterThan(positionOf(events, 'InvoicePaymentFailed'));
    expect(positionOf(events, 'InvoicePaid')).toBeGreaterThan(positionOf(events, 'InvoiceEmailed'));
    expect(events.find((e) => e.type === 'InvoicePaid')?.data).toMatchObject({ attempt: 2 });
    await replayAndRecord(handle, 'billing-invoice-dunning-paid');
  });

  it('exhausted dunning: notices, uncollectible, suspended; paying later reactivates the account', async () => {
    const period = '2010-05';
    const account = await openBillingAccount(stack.infra, {
      openedAt: new Date('2010-05-10T00:00:00Z'),
      paymentMethodId: 'pm_card_chargeDeclined',
    });
    const invoiceId = invoiceIdOf(account.accountId, period);
    const handle = await startInvoice(account, period, [300, 300]);
    await eventually(async () => {
      const s = await handle.query(invoiceStatusQuery);
      return s.state === 'Uncollectible' && s.suspended ? s : undefined;
    }, 30_000);

    const events = await streamEvents(stack.infra, invoiceStream(invoiceId));
    expect(events.filter((e) => e.type === 'InvoicePaymentFailed')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'DunningNoticeSent').map((e) => e.data.attempt)).toEqual([2, 3]);
    expect(events.map((e) => e.type)).toContain('InvoiceUncollectible');
    const accountEvents = (await streamEvents(stack.infra, `billing-account-${account.accountId}`)).map((e) => e.type);
    expect(accountEvents).toContain('AccountSuspended');
    // Invoice email + two dunning notices, each once.
    await eventually(() => {
      const mails = stack.sink.messages().filter((m) => m.to.includes(account.owner.email));
      return mails.length >= 3 ? mails : undefined;
    });
    expect(stack.sink.messages().filter((m) => m.to.includes(account.owner.email))).toHaveLength(3);

    const payments = new InvoicePayments(stack.temporal, stack.infra.db, new AccountAccess(stack.infra.db));
    // Still declined: refused with the reason, nothing changes.
    await expect(payments.pay(ownerOf(account), account.accountId, invoiceId)).rejects.toMatchObject({
      kind: 'invalid',
      code: 'payment_declined',
    });
    // Strangers do not see the account; a wrong invoice id is unknown.
    const stranger = { ...ownerOf(account), id: randomUUID() };
    await expect(payments.pay(stranger, account.accountId, invoiceId)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(payments.pay(ownerOf(account), account.accountId, randomUUID())).rejects.toMatchObject({
      kind: 'not_found',
    });

    await attachTestPaymentMethod(stack.infra, account.accountId, 'pm_card_visa');
    await expect(payments.pay(ownerOf(account), account.accountId, invoiceId)).resolves.toMatchObject({
      invoiceId,
      outcome: 'paid',
      attempt: 5,
    });
    const status = await handle.result();
    expect(status).toMatchObject({ state: 'Paid', suspended: false, reactivated: true });
    const after = (await streamEvents(stack.infra, `billing-account-${account.accountId}`)).map((e) => e.type);
    expect(after.indexOf('AccountReactivated')).toBeGreaterThan(after.indexOf('AccountSuspended'));
    // Paid is paid: another request is a conflict, not a second charge.
    await expect(payments.pay(ownerOf(account), account.accountId, invoiceId)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'invoice_not_payable',
    });
    const paid = (await streamEvents(stack.infra, invoiceStream(invoiceId))).filter((e) => e.type === 'InvoicePaid');
    expect(paid).toHaveLength(1);
    await replayAndRecord(handle, 'billing-invoice-reactivated');
  });

  it('a pay request before anything failed is refused by the workflow', async () => {
    const period = '2010-04';
    const account = await openBillingAccount(stack.infra, { openedAt: new Date('2010-04-01T00:00:00Z') });
    const taskQueue = `billing-pay-${randomUUID()}`;
    const worker = await startWrappedWorker(stack.infra, taskQueue, (real) => ({
      chargeInvoice: async (input) => {
        await sleep(1500);
        return real.chargeInvoice(input);
      },
    }));
    try {
      const handle = await startInvoice(account, period, [], taskQueue);
      await expect(handle.executeUpdate(payInvoiceUpdate, { args: [{ by: 'test' }] })).rejects.toThrow();
      expect(await handle.result()).toMatchObject({ state: 'Paid', payment: { attempts: 1 } });
    } finally {
      await worker.stop();
    }
  });

  it('a zero-amount invoice is paid without a charge and still emailed', async () => {
    const period = '2010-03';
    const account = await openBillingAccount(stack.infra, {
      openedAt: new Date('2010-03-01T00:00:00Z'),
      paymentMethodId: null,
      monthlyPrice: 0,
    });
    const handle = await startInvoice(account, period, [1000]);
    const status = await handle.result();
    expect(status).toMatchObject({ state: 'Paid', emailed: true, invoice: { total: 0 } });
    const events = await streamEvents(stack.infra, invoiceStream(invoiceIdOf(account.accountId, period)));
    expect(events.find((e) => e.type === 'InvoicePaid')?.data).toMatchObject({ amount: 0, intentId: null });
    await eventually(() => stack.sink.messages().find((m) => m.to.includes(account.owner.email)));
  });
});
