import { continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  concertCancellationProgressQuery,
  type ConcertCancellationInput,
  type ConcertCancellationProgress,
} from './concert-cancellation.contract';

const steps = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m' },
});

const PAGE = 50;

/**
 * A cancelled concert's aftermath: every unpaid order's hold is released, then every paid order is
 * refunded through Stripe, its tickets voided and its buyer emailed. Sales stopped when the
 * cancellation was recorded. Each step is idempotent, so the workflow can simply be run again.
 */
export async function concertCancellationWorkflow(
  input: ConcertCancellationInput,
): Promise<ConcertCancellationProgress> {
  const { concertId } = input;
  const progress: ConcertCancellationProgress = input.progress ?? {
    concertId,
    phase: 'releasing_holds',
    released: 0,
    paidOrders: 0,
    refunded: 0,
    emailed: 0,
  };
  setHandler(concertCancellationProgressQuery, () => progress);

  if (progress.phase === 'releasing_holds') {
    // Released orders leave the unpaid list, so the first page is always the next one.
    for (;;) {
      const orderIds = await steps.ordersOfConcert({ concertId, paid: false, limit: PAGE });
      if (orderIds.length === 0) break;
      await Promise.all(
        orderIds.map(async (orderId) => {
          await steps.signalConcertCancelled({ orderId, concertId });
          await steps.releaseUnpaidOrder({ orderId, concertId });
          progress.released += 1;
        }),
      );
      if (workflowInfo().continueAsNewSuggested)
        return continueAsNew<typeof concertCancellationWorkflow>({ concertId, progress });
    }
    progress.phase = 'refunding';
  }

  if (progress.phase === 'refunding') {
    for (;;) {
      const orderIds = await steps.ordersOfConcert({ concertId, paid: true, limit: PAGE });
      if (orderIds.length === 0) break;
      await Promise.all(orderIds.map((orderId) => refundOrder(orderId)));
      if (workflowInfo().continueAsNewSuggested)
        return continueAsNew<typeof concertCancellationWorkflow>({ concertId, progress });
    }
    progress.phase = 'completed';
  }
  return progress;

  async function refundOrder(orderId: string): Promise<void> {
    progress.paidOrders += 1;
    await steps.signalConcertCancelled({ orderId, concertId });
    await steps.refundPayment({ orderId, reason: 'concert_cancelled' });
    await steps.recordOrderRefunded({ orderId });
    progress.refunded += 1;
    await steps.voidOrderTickets({ orderId, reason: 'concert_cancelled' });
    await steps.emailConcertCancelled({ orderId, concertId });
    progress.emailed += 1;
  }
}
