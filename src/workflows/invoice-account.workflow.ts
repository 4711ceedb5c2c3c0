import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import {
  BILLING_REFUSALS,
  billingMilestoneSignal,
  invoiceStatusQuery,
  payInvoiceUpdate,
  type BillingActivities,
  type BillingMilestone,
  type ChargeOutcome,
  type InvoiceAccountInput,
  type InvoiceStatus,
  type PayInvoiceResult,
} from './billing.contract';

// Database steps are quick; retry them patiently, they only fail while Postgres is away.
const db = proxyActivities<BillingActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});
// Rendering takes a moment for a long invoice; it is deterministic and idempotent.
const pdf = proxyActivities<BillingActivities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});
// Each attempt has its own Stripe idempotency key, so retrying one never charges twice.
const payments = proxyActivities<BillingActivities>({
  startToCloseTimeout: '75s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2m' },
});
// No invoice email may be lost: while the provider is down, retry with back-off and without end. Only
// this workflow waits for it; the billing run and every other invoice go on.
const mail = proxyActivities<BillingActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m' },
});

/** How long an uncollectible invoice waits for its owner to pay before the workflow ends. */
const PAY_WINDOW = '365 days';

/**
 * One account's invoice for one period: finalize (numbered, credits consumed) → the PDF and the first
 * charge in parallel → the email once BOTH are known (the workflow is the join) → dunning while the
 * charge fails → uncollectible and the account suspended → a later payment by the owner reactivates it.
 * The workflow id (`invoice-<accountId>-<period>`) makes it happen once per account and period.
 */
export async function invoiceAccountWorkflow(input: InvoiceAccountInput): Promise<InvoiceStatus> {
  const { accountId, period } = input;
  const status: InvoiceStatus = {
    accountId,
    period,
    state: 'Finalizing',
    invoice: null,
    pdf: 'pending',
    payment: { status: 'pending', attempts: 0, nextAttemptAt: null },
    emailed: false,
    dunningNotices: 0,
    suspended: false,
    reactivated: false,
  };
  setHandler(invoiceStatusQuery, () => status);

  // "Pay now" requests: each waits for the charge that serves it; requests arriving together share one.
  let payRequested = 0;
  let payServed = 0;
  let lastPay: PayInvoiceResult | undefined;
  setHandler(
    payInvoiceUpdate,
    async () => {
      const ticket = ++payRequested;
      await condition(() => payServed >= ticket);
      return lastPay!;
    },
    { validator: (_request: { by: string }) => refuseUnlessPayable(status) },
  );

  const reports: Promise<void>[] = [];
  const report = (milestone: BillingMilestone) => {
    if (!input.runWorkflowId) return;
    // The run may have finished (or be between runs of continue-as-new, which the server handles):
    // a lost progress report must never fail the invoice.
    reports.push(
      getExternalWorkflowHandle(input.runWorkflowId)
        .signal(billingMilestoneSignal, { ...milestone, runChainId: input.runChainId })
        .catch(() => undefined),
    );
  };
  let chargeReported = false;

  try {
    const invoice = await db.finalizeInvoice({ accountId, period });
    status.invoice = invoice;
    status.state = 'Processing';
    report({ accountId, milestone: 'invoiced' });

    // The join: the email needs the PDF and the first charge's outcome, whichever comes last.
    const [, first] = await Promise.all([
      pdf.renderInvoicePdf({ invoiceId: invoice.invoiceId }).then(() => {
        status.pdf = 'generated';
      }),
      charge(invoice.invoiceId).then((outcome) => {
        report({ accountId, milestone: 'charged', outcome: outcome.outcome });
        chargeReported = true;
        return outcome;
      }),
    ]);
    status.state = 'Emailing';
    await mail.emailInvoice({ invoiceId: invoice.invoiceId });
    status.emailed = true;
    report({ accountId, milestone: 'emailed' });

    if (first.outcome === 'paid') {
      status.state = 'Paid';
      return await finish();
    }
    if (await dunning(invoice.invoiceId)) {
      status.state = 'Paid';
      report({ accountId, milestone: 'recovered' });
      return await finish();
    }
    status.state = 'Uncollectible';
    await db.markUncollectible({ invoiceId: invoice.invoiceId });
    status.suspended = true;
    report({ accountId, milestone: 'uncollectible' });

    // Suspended until the owner pays (POST /accounts/:id/invoices/:invoiceId/pay).
    for (;;) {
      const asked = await condition(() => payRequested > payServed, PAY_WINDOW);
      if (!asked) return await finish();
      if ((await charge(invoice.invoiceId)).outcome === 'paid') break;
    }
    status.state = 'Paid';
    report({ accountId, milestone: 'recovered' });
    await db.reactivateAccount({ invoiceId: invoice.invoiceId });
    status.suspended = false;
    status.reactivated = true;
    return await finish();
  } catch (err) {
    // Failed or cancelled (from the Web UI) before its email: the run must not wait for it any longer.
    if (!status.emailed) {
      status.state = 'Failed';
      await CancellationScope.nonCancellable(async () => {
        report({ accountId, milestone: 'error', charged: chargeReported, invoiced: status.invoice !== null });
        await Promise.all(reports);
      });
    }
    throw err;
  }

  async function charge(invoiceId: string): Promise<ChargeOutcome> {
    const attempt = status.payment.attempts + 1;
    const serving = payRequested;
    const outcome = await payments.chargeInvoice({ invoiceId, attempt });
    status.payment = {
      status: outcome.outcome,
      attempts: attempt,
      failureCode: outcome.failureCode,
      nextAttemptAt: null,
    };
    // A success answers every pay request waiting; a failure answers those asked before the charge
    // began (later ones get a charge of their own, with the payment method as it is now).
    const answered = outcome.outcome === 'paid' ? payRequested : serving;
    if (answered > payServed) {
      lastPay = { invoiceId, outcome: outcome.outcome, failureCode: outcome.failureCode, attempt };
      payServed = answered;
    }
    return outcome;
  }

  /** Retries on the dunning schedule (or at once when the owner asks to pay); true when paid. */
  async function dunning(invoiceId: string): Promise<boolean> {
    const schedule = input.dunningScheduleMs;
    status.state = 'Dunning';
    for (let i = 0; i < schedule.length; i++) {
      status.payment.nextAttemptAt = new Date(Date.now() + schedule[i]).toISOString();
      // The owner may pay before the retry is due (after updating the payment method).
      await condition(() => payRequested > payServed, schedule[i]);
      const outcome = await charge(invoiceId);
      if (outcome.outcome === 'paid') return true;
      const next = i + 1 < schedule.length ? new Date(Date.now() + schedule[i + 1]).toISOString() : null;
      status.payment.nextAttemptAt = next;
      await mail.sendDunningNotice({ invoiceId, attempt: status.payment.attempts, nextAttemptAt: next });
      status.dunningNotices += 1;
    }
    status.payment.nextAttemptAt = null;
    return false;
  }

  async function finish(): Promise<InvoiceStatus> {
    await Promise.all(reports);
    await condition(allHandlersFinished);
    return status;
  }
}

/** Only an invoice whose charge failed (dunning or uncollectible) can be paid on request. */
function refuseUnlessPayable(status: InvoiceStatus): void {
  if (status.payment.status === 'failed' && (status.state === 'Dunning' || status.state === 'Uncollectible')) return;
  throw ApplicationFailure.create({
    type: BILLING_REFUSALS.notPayable,
    message:
      status.payment.status === 'paid'
        ? 'The invoice is paid already'
        : `The invoice cannot be paid now (${status.state.toLowerCase()})`,
    nonRetryable: true,
  });
}
