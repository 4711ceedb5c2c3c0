import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

// What the API, the schedule, the billing run, the invoice workflows and the billing activities agree on.
// Pure and deterministic: workflows import it.

/** A billing period: a UTC calendar month, `YYYY-MM`. */
export const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const billingRunWorkflowId = (period: string): string => `billing-run-${period}`;
export const invoiceWorkflowId = (accountId: string, period: string): string => `invoice-${accountId}-${period}`;
export const BILLING_SCHEDULE_ID = 'billing-monthly';

/** The period (`YYYY-MM`) of the UTC month that `at` falls in. */
export function periodOf(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The period before `period` (`2026-01` → `2025-12`). */
export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return periodOf(new Date(Date.UTC(year, month - 2, 1)));
}

// ---------------------------------------------------------------------------------------------
// Activities the billing workflows call (implemented in src/activities/billing).

export interface FinalizedInvoice {
  invoiceId: string;
  number: string;
  total: number;
  currency: string;
}

export interface ChargeOutcome {
  outcome: 'paid' | 'failed';
  failureCode?: string;
}

export interface BillingActivities {
  /** Ids of the accounts active at any time during the period, ordered by id, after `after`. */
  billableAccounts(input: { period: string; after?: string; limit: number }): Promise<string[]>;
  finalizeInvoice(input: { accountId: string; period: string }): Promise<FinalizedInvoice>;
  renderInvoicePdf(input: { invoiceId: string }): Promise<{ sha256: string; bytes: number }>;
  chargeInvoice(input: { invoiceId: string; attempt: number }): Promise<ChargeOutcome>;
  emailInvoice(input: { invoiceId: string }): Promise<void>;
  sendDunningNotice(input: { invoiceId: string; attempt: number; nextAttemptAt: string | null }): Promise<void>;
  markUncollectible(input: { invoiceId: string }): Promise<void>;
  reactivateAccount(input: { invoiceId: string }): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The invoice workflow: one account, one period.

export interface InvoiceAccountInput {
  accountId: string;
  period: string;
  /** Waits before each retry of a failed charge (config `DUNNING_SCHEDULE`, read when the run started). */
  dunningScheduleMs: number[];
  /** The billing run to report milestones to, if any. */
  runWorkflowId?: string;
  /**
   * That run's first run id, which its continue-as-new keeps. Sent with every milestone: a later run of
   * the same period has the same workflow id, and must not count the reports of an earlier run's children.
   */
  runChainId?: string;
}

export type InvoiceState =
  | 'Finalizing'
  | 'Processing' // PDF and first charge under way
  | 'Emailing'
  | 'Paid'
  | 'Dunning'
  | 'Uncollectible'
  | 'Failed'; // a step was refused for good (a bug or missing data); see the workflow's failure

export interface InvoiceStatus {
  accountId: string;
  period: string;
  state: InvoiceState;
  invoice: FinalizedInvoice | null;
  pdf: 'pending' | 'generated';
  payment: {
    status: 'pending' | 'paid' | 'failed';
    /** Charge attempts made so far (1 = the first charge). */
    attempts: number;
    failureCode?: string;
    /** When the next dunning retry is due; null when none is planned. */
    nextAttemptAt: string | null;
  };
  emailed: boolean;
  dunningNotices: number;
  suspended: boolean;
  reactivated: boolean;
}

export const invoiceStatusQuery = defineQuery<InvoiceStatus>('status');

/** What a "pay now" request answers: the outcome of the charge it caused (or of the one it joined). */
export interface PayInvoiceResult {
  invoiceId: string;
  outcome: 'paid' | 'failed';
  failureCode?: string;
  attempt: number;
}
/** The owner pays a failed invoice now (after updating the payment method). */
export const payInvoiceUpdate = defineUpdate<PayInvoiceResult, [{ by: string }]>('payInvoice');

export const BILLING_REFUSALS = {
  notPayable: 'invoice_not_payable',
} as const;

// ---------------------------------------------------------------------------------------------
// The billing run: one period, every billable account.

export interface BillingRunProgress {
  period: string;
  /** Accounts found so far; final once `phase` is past `starting`. */
  total: number;
  /** Invoice workflows this period's runs started. */
  started: number;
  /** Accounts whose invoice workflow existed already (an earlier run of the period): never billed twice. */
  alreadyBilled: number;
  invoiced: number;
  /** Invoices paid (first charge, dunning retry or a later payment while the run is open). */
  paid: number;
  /** Invoices whose charge failed and that are not paid (yet). */
  failed: number;
  emailed: number;
  uncollectible: number;
  /** Invoice workflows that failed before their invoice was emailed. */
  errors: number;
  phase: 'starting' | 'finishing' | 'completed';
}

export interface BillingRunInput {
  period: string;
  dunningScheduleMs: number[];
  /** Children in flight at most (started, first charge outcome not known yet). */
  concurrency?: number;
  pageSize?: number;
  /** Carried over continue-as-new. */
  carried?: {
    cursor: string | null;
    exhausted: boolean;
    progress: BillingRunProgress;
    /** Accounts whose first charge outcome is not known yet. */
    inFlight: string[];
    /** Invoice workflows that failed before reporting an invoice (absent in histories from before it was kept). */
    uninvoicedErrors?: number;
  };
}

export type BillingMilestone = (
  | { accountId: string; milestone: 'invoiced' }
  | { accountId: string; milestone: 'charged'; outcome: 'paid' | 'failed' }
  /** Paid after a failed charge (dunning, or a payment by the owner). */
  | { accountId: string; milestone: 'recovered' }
  | { accountId: string; milestone: 'emailed' }
  | { accountId: string; milestone: 'uncollectible' }
  /** The invoice workflow failed before emailing; `charged` and `invoiced` say whether those were reported. */
  | { accountId: string; milestone: 'error'; charged: boolean; invoiced: boolean }
) & {
  /** The run chain that started the child (absent from children started before it was sent). */
  runChainId?: string;
};

export const billingMilestoneSignal = defineSignal<[BillingMilestone]>('billingMilestone');
export const billingRunProgressQuery = defineQuery<BillingRunProgress>('progress');

/** The scheduled action: bills the month before the scheduled time. */
export interface ScheduledBillingInput {
  dunningScheduleMs: number[];
}
export interface ScheduledBillingOutcome {
  period: string;
  /** False when a run of the period was running already (nothing was started). */
  started: boolean;
  progress?: BillingRunProgress;
}
