import { ServiceError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Config } from '../../config/config';
import { DomainError } from '../../domain/shared/errors';
import { parsePaymentWebhook, PaymentWebhookError } from '../../infra/payments/stripe-webhooks';
import {
  checkoutWorkflowId,
  paymentFailedSignal,
  paymentSucceededSignal,
  type PaymentSignal,
} from '../../workflows/checkout.contract';
import { latePaymentWorkflowId, type LatePaymentInput } from '../../workflows/late-payment.contract';
import type { latePaymentWorkflow } from '../../workflows/late-payment.workflow';

/** What became of a verified webhook (for the log; Stripe only needs the 200). */
export type WebhookDisposition = 'signalled' | 'late_payment' | 'ignored';

/**
 * Stripe's webhooks, verified and handed to the workflow they concern: the order's checkout while
 * it runs; once it has ended, a success starts the late-payment settlement (which refunds it unless
 * the order is paid). Stripe delivers at least once and in any order; the signal handler, the
 * settlement and the activities behind them are idempotent, so a duplicate is harmless.
 */
export class PaymentWebhookRelay {
  constructor(
    private readonly temporal: Client,
    private readonly config: Pick<Config, 'stripe' | 'temporal'>,
  ) {}

  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<WebhookDisposition> {
    let event;
    try {
      if (!rawBody) throw new PaymentWebhookError('webhook_payload_malformed', 'Webhook body must be JSON');
      event = parsePaymentWebhook(rawBody, signature, this.config.stripe.webhookSecret);
    } catch (err) {
      if (err instanceof PaymentWebhookError) throw new DomainError('bad_request', err.code, err.message);
      throw err;
    }
    // Other event types, and intents that are not an order's (created by hand in the dashboard).
    if (!event?.orderId) return 'ignored';

    const { orderId, intentId } = event;
    const payload: PaymentSignal = {
      intentId,
      eventId: event.eventId,
      ...(event.failureCode && { failureCode: event.failureCode }),
      ...(event.failureMessage && { failureMessage: event.failureMessage }),
    };
    const succeeded = event.type === 'payment_intent.succeeded';
    try {
      await this.temporal.workflow
        .getHandle(checkoutWorkflowId(orderId))
        .signal(succeeded ? paymentSucceededSignal : paymentFailedSignal, payload);
      return 'signalled';
    } catch (err) {
      if (!isGone(err)) throw err;
    }
    // The checkout has ended (or never ran here). A failure changes nothing any more; money must go back.
    if (!succeeded) return 'ignored';
    await this.startLatePayment({ orderId, intentId });
    return 'late_payment';
  }

  private async startLatePayment(input: LatePaymentInput): Promise<void> {
    try {
      await this.temporal.workflow.start<typeof latePaymentWorkflow>('latePaymentWorkflow', {
        taskQueue: this.config.temporal.taskQueue,
        workflowId: latePaymentWorkflowId(input.intentId),
        args: [input],
        // A duplicate webhook joins the running settlement, and never starts a finished one again.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
}

/** A signal to a workflow that does not exist, or has already closed. */
const GRPC_NOT_FOUND = 5;
const isGone = (err: unknown): boolean =>
  err instanceof WorkflowNotFoundError ||
  (err instanceof ServiceError && (err.cause as { code?: number } | undefined)?.code === GRPC_NOT_FOUND);
