import { randomUUID } from 'node:crypto';
import { createLogger } from '../src/infra/logging/logger';
import { checkoutWorkflowId } from '../src/workflows/checkout.contract';
import { envCount, envCounts } from './config';
import { resetCatalog, settleTables } from './http/catalog-data';
import { percentile } from './stats';
import { startCheckoutStack, type CheckoutStack } from './support/checkout-stack';
import type { CheckoutRow } from './support/checkout-rows';
import { noopCheckoutWorkflowId, startNoopCheckout } from './support/noop-checkout';
import { describeFailures, runPostLoad, type PostRequest } from './support/post-load';
import { prepareBuyers, scheduleConcerts, type Buyer } from './support/shop';
import { awaitClosed } from './support/workflow-completions';
import { NOOP_STEPS } from './workflows/noop.contract';
import type { BenchContext, BenchEntry } from './types';

const SUITE = 'checkout';
const BODY = { paymentMethodId: 'pm_card_visa', delivery: { method: 'email' } };
// Buyers spread over a few concerts, as on an ordinary day; the hot concert has its own entry.
const CONCERTS = 4;

interface Settings {
  /** Offered loads, each run for both targets; one above what the machine sustains shows its capacity. */
  rates: number[];
  durationSec: number;
  warmupSec: number;
  tickets: number;
}

function settings(quick: boolean): Settings {
  return {
    rates: envCounts('BENCH_CHECKOUT_RATES', quick ? [5] : [5, 10, 20]),
    durationSec: envCount('BENCH_CHECKOUT_SECONDS', 20, 5),
    warmupSec: envCount('BENCH_CHECKOUT_WARMUP_SECONDS', 3, 1),
    tickets: envCount('BENCH_CHECKOUT_TICKETS', 1, 1),
  };
}

/** How one way of checking out is driven and checked. */
interface Target {
  scenario: string;
  label: string;
  url: string;
  taskQueue: string;
  request(i: number): PostRequest;
  workflowId(orderId: string): string;
  /** After the measured run: throws if anything is not as it must be. */
  verify?(orderIds: string[]): Promise<void>;
}

/**
 * End-to-end checkouts under a steady, open-loop offered load over HTTP, beside a no-op workflow of
 * the same shape on the same Temporal server in the same run. Every buyer has a prepared cart; the
 * preparation is never measured.
 */
export const checkoutBench: BenchEntry = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<CheckoutRow[]> {
    const load = settings(ctx.quick);
    const perRun = (perSec: number, sec: number) => Math.max(1, Math.round(perSec * sec));
    const perRate = (perSec: number) => perRun(perSec, load.warmupSec) + perRun(perSec, load.durationSec);
    const checkouts = load.rates.reduce((sum, perSec) => sum + perRate(perSec), 0);
    await resetCatalog(ctx.databaseUrl);
    const stack = await startCheckoutStack(ctx.databaseUrl, {
      extraWorkflowsPath: require.resolve('./workflows/noop.workflow'),
    });
    try {
      const noop = await startNoopCheckout({
        address: stack.config.temporal.address,
        namespace: stack.config.temporal.namespace,
        workflowCode: stack.extraWorkflowCode!,
        tickets: load.tickets,
        logger: createLogger(stack.config.logLevel).child({ component: 'noop' }),
      });
      stack.onClose(noop.close);

      const prepared = Date.now();
      const perConcert = Math.ceil(checkouts / CONCERTS) * load.tickets;
      const concertIds = await scheduleConcerts(
        stack.api.app,
        Array.from({ length: CONCERTS }, () => [
          { code: 'GA', name: 'General admission', price: 4500, currency: 'EUR', capacity: perConcert },
        ]),
        'Checkout bench',
      );
      const buyers = await prepareBuyers(
        stack.infra,
        Array.from({ length: checkouts }, (_, i) => [
          { concertId: concertIds[i % CONCERTS], ticketLevel: 'GA', quantity: load.tickets },
        ]),
      );
      await settleTables(ctx.databaseUrl);
      process.stderr.write(`bench: ${checkouts} buyers with a cart prepared in ${seconds(Date.now() - prepared)} s\n`);

      const activities = NOOP_STEPS.length - 1 + load.tickets;
      const targets: Target[] = [
        {
          scenario: 'noop',
          label: `POST /noop-checkout (${activities} no-op activities)`,
          url: noop.url,
          taskQueue: noop.taskQueue,
          request: () => ({ headers: { 'idempotency-key': randomUUID() }, body: BODY }),
          workflowId: noopCheckoutWorkflowId,
        },
        checkoutTarget(stack, buyers, load.tickets),
      ];
      const rows: CheckoutRow[] = [];
      const sent = new Map<Target, number>();
      const requests = (target: Target, n: number) => {
        const from = sent.get(target) ?? 0;
        sent.set(target, from + n);
        return Array.from({ length: n }, (_, i) => target.request(from + i));
      };
      for (const perSec of load.rates) {
        const pair: CheckoutRow[] = [];
        for (const target of targets) {
          process.stderr.write(`bench: ${target.label}: warm-up, ${load.warmupSec} s at ${perSec}/s\n`);
          await measure(stack, target, requests(target, perRun(perSec, load.warmupSec)), perSec);
          process.stderr.write(`bench: ${target.label}: ${load.durationSec} s at ${perSec}/s\n`);
          const measured = await measure(stack, target, requests(target, perRun(perSec, load.durationSec)), perSec);
          await target.verify?.(measured.orderIds);
          pair.push({
            kind: 'checkout',
            suite: SUITE,
            scenario: target.scenario,
            target: target.label,
            activities,
            offeredPerSec: perSec,
            durationSec: load.durationSec,
            ...measured.figures,
          });
        }
        const [floor, checkout] = pair;
        checkout.ratio = {
          completedPerSec: checkout.completedPerSec / floor.completedPerSec,
          postP50: checkout.postP50Ms / floor.postP50Ms,
          e2eP50: checkout.e2eP50Ms / floor.e2eP50Ms,
        };
        rows.push(...pair);
      }
      return rows;
    } finally {
      await stack.close();
    }
  },
};

function checkoutTarget(stack: CheckoutStack, buyers: Buyer[], tickets: number): Target {
  return {
    scenario: 'checkout',
    label: 'POST /checkout (pm_card_visa, email)',
    url: `${stack.apiUrl}/checkout`,
    taskQueue: stack.config.temporal.taskQueue,
    request: (i) => ({
      headers: { authorization: `Bearer ${buyers[i].token}`, 'idempotency-key': randomUUID() },
      body: BODY,
    }),
    workflowId: checkoutWorkflowId,
    async verify(orderIds) {
      const { db } = stack.infra;
      const byStatus = await db.order.groupBy({ by: ['status'], where: { id: { in: orderIds } }, _count: true });
      const statuses = Object.fromEntries(byStatus.map((g) => [g.status, g._count]));
      check(statuses.Fulfilled === orderIds.length, `every order Fulfilled, found ${JSON.stringify(statuses)}`);
      const paid = await db.payment.count({ where: { orderId: { in: orderIds }, status: 'Succeeded' } });
      check(paid === orderIds.length, `${orderIds.length} payments succeeded, found ${paid}`);
      const issued = await db.ticket.count({ where: { orderId: { in: orderIds } } });
      check(issued === orderIds.length * tickets, `${orderIds.length * tickets} tickets issued, found ${issued}`);
      // Each buyer checks out once, so the emails to these orders' buyers are exactly their tickets.
      const emailOf = new Map(buyers.map((b) => [b.userId, b.email]));
      const customers = await db.order.findMany({ where: { id: { in: orderIds } }, select: { customerId: true } });
      const emails = new Set(customers.map((o) => emailOf.get(o.customerId)));
      const mailed = stack.sink.messages().filter((m) => m.to.some((to) => emails.has(to))).length;
      check(mailed === issued, `one ticket email per ticket (${issued}), the sink has ${mailed}`);
    },
  };
}

/** One open-loop run: sends, waits for every workflow to close, and takes the figures. */
async function measure(stack: CheckoutStack, target: Target, requests: PostRequest[], perSec: number) {
  const { results } = await runPostLoad({ url: target.url, requests, mode: { kind: 'rate', perSec } });
  const failed = results.filter((r) => r.status < 200 || r.status > 299 || !r.orderId);
  if (failed.length > 0)
    throw new Error(`${target.label}: ${failed.length} of ${results.length} failed: ${describeFailures(failed)}`);
  const orderIds = results.map((r) => r.orderId!);
  const workflowIds = orderIds.map((id) => target.workflowId(id));
  const closed = await awaitClosed(stack.temporal, target.taskQueue, workflowIds, 120_000 + results.length * 100);
  const e2e: number[] = [];
  const closedAt: number[] = [];
  for (const [i, result] of results.entries()) {
    const wf = closed.get(workflowIds[i])!;
    if (wf.status !== 'COMPLETED') throw new Error(`${target.label}: workflow ${workflowIds[i]} ended ${wf.status}`);
    e2e.push(wf.closedAt - result.dueAt);
    closedAt.push(wf.closedAt);
  }
  const post = results.map((r) => r.answeredAt - r.dueAt);
  const first = Math.min(...closedAt);
  const last = Math.max(...closedAt);
  return {
    orderIds,
    figures: {
      requests: results.length,
      postP50Ms: percentile(post, 50),
      postP99Ms: percentile(post, 99),
      completed: closedAt.length,
      completedPerSec: last > first ? ((closedAt.length - 1) * 1000) / (last - first) : NaN,
      e2eP50Ms: percentile(e2e, 50),
      e2eP99Ms: percentile(e2e, 99),
    },
  };
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`checkout check failed: ${what}`);
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
