import { randomUUID } from 'node:crypto';
import { checkoutWorkflowId } from '../src/workflows/checkout.contract';
import { envCount } from './config';
import { resetCatalog, settleTables } from './http/catalog-data';
import { percentile } from './stats';
import { startCheckoutStack } from './support/checkout-stack';
import type { HotConcertRow } from './support/checkout-rows';
import { describeFailures, runPostLoad } from './support/post-load';
import { prepareBuyers, scheduleConcerts, stockOf } from './support/shop';
import { awaitClosed } from './support/workflow-completions';
import type { BenchContext, BenchEntry } from './types';

const SUITE = 'hot-concert';
const LEVEL = 'GA';
const BODY = { paymentMethodId: 'pm_card_visa', delivery: { method: 'email' } };

/**
 * Many more buyers than tickets, all checking out at once over HTTP: how long until the concert is
 * sold out, and proof from the stock table that exactly the capacity was held, then sold.
 */
export const hotConcertBench: BenchEntry = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<HotConcertRow[]> {
    const buyerCount = envCount('BENCH_HOT_BUYERS', 2000, 200);
    const tickets = envCount('BENCH_HOT_TICKETS', 500, 50);
    // Everyone at once unless told otherwise: the limit only guards against running out of sockets.
    const concurrency = envCount('BENCH_HOT_CONCURRENCY', buyerCount, buyerCount);
    // A buyer answered 503 (Temporal refusing more concurrent calls) tries again, as told by Retry-After.
    const attempts = envCount('BENCH_HOT_ATTEMPTS', 10, 10);
    if (buyerCount <= tickets) throw new Error(`BENCH_HOT_BUYERS (${buyerCount}) must exceed BENCH_HOT_TICKETS`);
    await resetCatalog(ctx.databaseUrl);
    const stack = await startCheckoutStack(ctx.databaseUrl);
    try {
      const prepared = Date.now();
      const [concertId] = await scheduleConcerts(
        stack.api.app,
        [[{ code: LEVEL, name: 'General admission', price: 4500, currency: 'EUR', capacity: tickets }]],
        'Hot concert',
      );
      const buyers = await prepareBuyers(
        stack.infra,
        Array.from({ length: buyerCount }, () => [{ concertId, ticketLevel: LEVEL, quantity: 1 }]),
      );
      await settleTables(ctx.databaseUrl);
      const preparedIn = ((Date.now() - prepared) / 1000).toFixed(1);
      process.stderr.write(`bench: ${buyerCount} buyers for ${tickets} tickets prepared in ${preparedIn} s\n`);

      process.stderr.write(`bench: ${buyerCount} POST /checkout at once (at most ${concurrency} in flight)\n`);
      const { results } = await runPostLoad({
        url: `${stack.apiUrl}/checkout`,
        requests: buyers.map((b) => ({
          headers: { authorization: `Bearer ${b.token}`, 'idempotency-key': randomUUID() },
          body: BODY,
        })),
        mode: { kind: 'burst', concurrency },
        attemptsOn503: attempts,
      });
      const start = results[0].dueAt;
      const held = results.filter((r) => r.status === 201 && r.orderId);
      const soldOut = results.filter((r) => r.status === 409 && r.code === 'sold_out');
      const other = results.filter((r) => !held.includes(r) && !soldOut.includes(r));
      const stockAnswered = (await stockOf(stack.infra, concertId))[LEVEL];
      const heldPlusSold = stockAnswered.held + stockAnswered.sold;

      // Nothing is measured from here on: every paid order is waited for, then the stock is read again.
      const workflowIds = held.map((r) => checkoutWorkflowId(r.orderId!));
      const closed = await awaitClosed(
        stack.temporal,
        stack.config.temporal.taskQueue,
        workflowIds,
        120_000 + buyerCount * 100,
      );
      const notFulfilled = workflowIds.filter((id) => closed.get(id)?.status !== 'COMPLETED');
      const stockPaid = (await stockOf(stack.infra, concertId))[LEVEL];
      const fulfilled = await stack.infra.db.order.count({
        where: { id: { in: held.map((r) => r.orderId!) }, status: 'Fulfilled' },
      });

      const latencies = results.map((r) => r.answeredAt - r.sentAt);
      const row: HotConcertRow = {
        kind: 'hot-concert',
        suite: SUITE,
        buyers: buyerCount,
        tickets,
        concurrency,
        held201: held.length,
        soldOut409: soldOut.length,
        other: other.length,
        retried503: results.reduce((sum, r) => sum + r.attempts - 1, 0),
        soldOutMs: Math.max(...held.map((r) => r.answeredAt)) - start,
        answeredMs: Math.max(...results.map((r) => r.answeredAt)) - start,
        fulfilledMs: Math.max(...[...closed.values()].map((wf) => wf.closedAt)) - start,
        postP50Ms: percentile(latencies, 50),
        postP99Ms: percentile(latencies, 99),
        heldPlusSold,
        sold: stockPaid.sold,
      };
      // Loudly, with the figures: a wrong count here is an oversell (or an undersell), not noise.
      const problems = [
        other.length > 0 && `${other.length} answers were neither 201 nor 409 sold_out: ${describeFailures(other)}`,
        heldPlusSold !== tickets && `held + sold was ${heldPlusSold} after the answers, not ${tickets}`,
        held.length !== tickets && `${held.length} holds answered 201, not ${tickets}`,
        soldOut.length !== buyerCount - tickets && `${soldOut.length} sold-out answers, not ${buyerCount - tickets}`,
        notFulfilled.length > 0 && `${notFulfilled.length} paid checkouts did not complete`,
        stockPaid.sold !== tickets && `sold was ${stockPaid.sold} after the payments, not ${tickets}`,
        stockPaid.held !== 0 && `held was ${stockPaid.held} after the payments, not 0`,
        fulfilled !== tickets && `${fulfilled} orders Fulfilled, not ${tickets}`,
      ].filter((p): p is string => typeof p === 'string');
      if (problems.length > 0) {
        throw new Error(`hot-concert check failed:\n  - ${problems.join('\n  - ')}\n${JSON.stringify(row)}`);
      }
      return [row];
    } finally {
      await stack.close();
    }
  },
};
