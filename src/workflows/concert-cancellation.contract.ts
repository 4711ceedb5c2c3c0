import { defineQuery } from '@temporalio/workflow';

export const concertCancellationWorkflowId = (concertId: string): string => `concert-cancellation-${concertId}`;

export interface ConcertCancellationInput {
  concertId: string;
  /** Carried over continue-as-new, so progress survives it. */
  progress?: ConcertCancellationProgress;
}

export interface ConcertCancellationProgress {
  concertId: string;
  phase: 'releasing_holds' | 'refunding' | 'completed';
  /** Unpaid orders whose hold was released. */
  released: number;
  /** Paid orders found, refunded, their tickets voided and their buyers emailed. */
  paidOrders: number;
  refunded: number;
  emailed: number;
}

export const concertCancellationProgressQuery = defineQuery<ConcertCancellationProgress>('progress');
