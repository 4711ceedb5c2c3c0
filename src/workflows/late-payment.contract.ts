// What the webhook endpoint and the late-payment workflow agree on.

/** One settlement per intent: a duplicated webhook joins (or is refused by) the first one. */
export const latePaymentWorkflowId = (intentId: string): string => `late-payment-${intentId}`;

export interface LatePaymentInput {
  orderId: string;
  intentId: string;
}
