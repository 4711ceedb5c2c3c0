import { defineUpdate } from '@temporalio/workflow';

// What the no-op checkout's workflow, worker and HTTP endpoint agree on. Imported outside workflows too.

/** The checkout's activities for one order, in order; deliverTicket runs once per ticket. */
export const NOOP_STEPS = [
  'placeOrder',
  'markAwaitingPayment',
  'requestPayment',
  'recordPaymentOutcome',
  'completeOrderPayment',
  'issueTickets',
  'invoiceOrder',
  'deliverTicket',
  'fulfilOrder',
] as const;

export type NoopStep = (typeof NOOP_STEPS)[number];
export type NoopActivities = Record<NoopStep, (input: { orderId: string }) => Promise<void>>;

export interface NoopCheckoutInput {
  orderId: string;
  tickets: number;
  requestHash: string;
}

export interface NoopHold {
  orderId: string;
  status: 'TicketsHeld';
}

export const noopPlaceOrderUpdate = defineUpdate<NoopHold, [{ requestHash: string }]>('placeOrder');

/** Activities that do nothing, under the checkout's activity names. */
export function createNoopActivities(): NoopActivities {
  const activities = {} as NoopActivities;
  for (const step of NOOP_STEPS) activities[step] = async () => undefined;
  return activities;
}
