import { nextBillingPeriod } from '../../domain/accounts/billing-period';
import { periodOf } from '../../domain/billing/period';
import type { InvoicePaymentStatus } from '../../domain/billing/subscription-invoice';
import type { InvoiceLineKind } from '../../domain/billing/subscription-invoice-events';
import { DomainError } from '../../domain/shared/errors';
import type { Db } from '../../infra/db/prisma';
import type { EventStore } from '../../infra/event-store/event-store';
import { loadAccountFacts } from './account-facts';

export interface PlanView {
  planId: string;
  planName: string;
  monthlyPrice: number;
  currency: string;
}

export interface BillingView {
  accountId: string;
  status: 'active' | 'suspended';
  /** The plan billed for the current period. */
  plan: PlanView;
  /** The next period and the plan it will be billed at (a scheduled change shows here). */
  nextPeriod: { period: string; plan: PlanView };
  paymentMethod: { brand: string; last4: string } | null;
  /** Open credits and refunds owed in the plan's currency: what the next invoices will deduct. */
  creditBalance: { credits: number; refundsOwed: number; total: number; currency: string };
}

export interface InvoiceSummaryView {
  id: string;
  number: string;
  period: string;
  issuedAt: string;
  subtotal: number;
  tax: number;
  total: number;
  currency: string;
  paymentStatus: InvoicePaymentStatus;
  paidAt: string | null;
  pdfAvailable: boolean;
  emailed: boolean;
}

export interface InvoiceDetailView extends InvoiceSummaryView {
  accountId: string;
  taxRateBps: number;
  lines: Array<{ kind: InvoiceLineKind; description: string; amount: number }>;
  payment: {
    attempts: number;
    failureCode: string | null;
    failureMessage: string | null;
    nextAttemptAt: string | null;
    uncollectibleAt: string | null;
  };
}

const invoiceNotFound = () => new DomainError('not_found', 'invoice_not_found', 'Invoice not found');

/** What members see of their account's billing, from the billing read models. */
export class BillingQueries {
  constructor(
    private readonly db: Db,
    private readonly eventStore: EventStore,
  ) {}

  async view(accountId: string, now = new Date()): Promise<BillingView> {
    const account = await loadAccountFacts(this.eventStore, accountId);
    if (!account) throw new DomainError('not_found', 'account_not_found', 'Account not found');
    const [row, open] = await Promise.all([
      this.db.billingAccount.findUnique({ where: { accountId } }),
      this.db.billingAllowance.findMany({ where: { accountId, consumedBy: null } }),
    ]);
    const current = account.packageIn(periodOf(now));
    const next = nextBillingPeriod(now);
    const sum = (kind: string) =>
      open
        .filter((a) => a.kind === kind && a.currency === current.currency)
        .reduce((total, a) => total + Number(a.amount), 0);
    const plan = (p: typeof current): PlanView => ({
      planId: p.planId,
      planName: p.planName,
      monthlyPrice: p.monthlyPrice,
      currency: p.currency,
    });
    const credits = sum('credit');
    const refundsOwed = sum('refund');
    return {
      accountId,
      status: row?.status === 'suspended' ? 'suspended' : 'active',
      plan: plan(current),
      nextPeriod: { period: next, plan: plan(account.packageIn(next)) },
      paymentMethod: row?.paymentMethodId ? { brand: row.brand ?? '', last4: row.last4 ?? '' } : null,
      creditBalance: { credits, refundsOwed, total: credits + refundsOwed, currency: current.currency },
    };
  }

  /** The account's invoices, newest period first. */
  async invoices(accountId: string): Promise<InvoiceSummaryView[]> {
    const rows = await this.db.subscriptionInvoice.findMany({
      where: { accountId },
      orderBy: [{ period: 'desc' }, { id: 'asc' }],
    });
    return rows.map(summary);
  }

  async invoice(accountId: string, invoiceId: string): Promise<InvoiceDetailView> {
    const row = await this.db.subscriptionInvoice.findUnique({
      where: { id: invoiceId },
      include: { lines: { orderBy: { position: 'asc' } } },
    });
    if (!row || row.accountId !== accountId) throw invoiceNotFound();
    return {
      ...summary(row),
      accountId: row.accountId,
      taxRateBps: row.taxRateBps,
      lines: row.lines.map((l) => ({
        kind: l.kind as InvoiceLineKind,
        description: l.description,
        amount: Number(l.amount),
      })),
      payment: {
        attempts: row.attempts,
        failureCode: row.failureCode,
        failureMessage: row.failureMessage,
        nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
        uncollectibleAt: row.uncollectibleAt?.toISOString() ?? null,
      },
    };
  }

  async pdf(accountId: string, invoiceId: string): Promise<{ number: string; content: Buffer }> {
    const row = await this.db.subscriptionInvoice.findUnique({ where: { id: invoiceId } });
    if (!row || row.accountId !== accountId) throw invoiceNotFound();
    const pdf = await this.db.subscriptionInvoicePdf.findUnique({ where: { invoiceId } });
    if (!pdf)
      throw new DomainError('not_found', 'invoice_pdf_not_ready', 'The PDF of this invoice is not rendered yet');
    return { number: row.number, content: Buffer.from(pdf.content) };
  }
}

function summary(row: {
  id: string;
  number: string;
  period: string;
  issuedAt: Date;
  subtotal: bigint;
  tax: bigint;
  total: bigint;
  currency: string;
  paymentStatus: string;
  paidAt: Date | null;
  pdfSha256: string | null;
  emailedAt: Date | null;
}): InvoiceSummaryView {
  return {
    id: row.id,
    number: row.number,
    period: row.period,
    issuedAt: row.issuedAt.toISOString(),
    subtotal: Number(row.subtotal),
    tax: Number(row.tax),
    total: Number(row.total),
    currency: row.currency,
    paymentStatus: row.paymentStatus as InvoicePaymentStatus,
    paidAt: row.paidAt?.toISOString() ?? null,
    pdfAvailable: row.pdfSha256 !== null,
    emailed: row.emailedAt !== null,
  };
}
