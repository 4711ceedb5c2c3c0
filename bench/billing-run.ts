import { randomUUID } from 'node:crypto';
import { AccountCommands } from '../src/application/accounts/account-commands';
import { BillingAccountCommands } from '../src/application/billing/billing-commands';
import { Registration } from '../src/application/identity/registration';
import { openAccount } from '../src/domain/accounts/account-decisions';
import type { Infrastructure } from '../src/infra/infrastructure';
import type { billingRunWorkflow } from '../src/workflows/billing-run.workflow';
import { billingRunWorkflowId } from '../src/workflows/billing.contract';
import { envCounts, QUICK } from './config';
import { withAdmin } from './database';
import { mapLimit } from './support/concurrency';
import { startCheckoutStack } from './support/checkout-stack';
import type { BillingRunRow } from './support/billing-run-rows';
import type { BenchContext, BenchEntry } from './types';

const SUITE = 'billing-run';
/** Bench accounts are opened long ago: each run bills a month of its own, and the app's accounts stay out of it. */
const FIRST_PERIOD_YEAR = 1990;
const BEFORE = `${FIRST_PERIOD_YEAR + 1}-01-01`;

/**
 * Billing runs over growing numbers of accounts on the real worker (Temporal dev server, Postgres,
 * stripe-mock, mail sink). Run k bills period 1990-k; its accounts are the ones opened by then, so the
 * sizes accumulate: the second run bills the first run's accounts again, for a new month.
 */
export const billingRunBench: BenchEntry = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<BillingRunRow[]> {
    const sizes = envCounts('BENCH_BILLING_ACCOUNTS', ctx.quick || QUICK ? [100, 1000] : [1000, 10_000]);
    await forgetBenchAccounts(ctx.databaseUrl);
    const stack = await startCheckoutStack(ctx.databaseUrl);
    const rows: BillingRunRow[] = [];
    try {
      const ownerId = await registerOwner(stack.infra);
      let opened = 0;
      for (const [i, size] of sizes.entries()) {
        const period = `${FIRST_PERIOD_YEAR}-${String(i + 1).padStart(2, '0')}`;
        process.stderr.write(`bench: ${SUITE}: opening ${size - opened} accounts for ${period}\n`);
        await openAccounts(stack.infra, size - opened, new Date(`${period}-01T12:00:00Z`), ownerId);
        opened = size;

        const mailsBefore = stack.sink.messages().length;
        const startedAt = Date.now();
        const handle = await stack.temporal.workflow.start<typeof billingRunWorkflow>('billingRunWorkflow', {
          workflowId: billingRunWorkflowId(period),
          taskQueue: stack.config.temporal.taskQueue,
          args: [{ period, dunningScheduleMs: [] }],
        });
        const progress = await handle.result();
        const wallMs = Date.now() - startedAt;
        if (progress.emailed !== size || progress.paid !== size || progress.errors !== 0) {
          throw new Error(`${SUITE} ${period}: expected ${size} paid and emailed, got ${JSON.stringify(progress)}`);
        }
        let runs = 0;
        for await (const _ of stack.temporal.workflow.list({
          query: `WorkflowId = '${billingRunWorkflowId(period)}'`,
        })) {
          runs += 1;
        }
        const row: BillingRunRow = {
          kind: 'billing-run',
          suite: SUITE,
          scenario: `${size}`,
          accounts: size,
          wallMs,
          accountsPerSec: size / (wallMs / 1000),
          runs,
          emails: stack.sink.messages().length - mailsBefore,
        };
        if (rows.length > 0) row.ratio = row.accountsPerSec / rows[0].accountsPerSec;
        rows.push(row);
        stack.sink.clear();
      }
    } finally {
      await stack.close();
    }
    return rows;
  },
};

/** The accounts of earlier bench runs leave the read side, so every run bills exactly its own accounts. */
async function forgetBenchAccounts(databaseUrl: string): Promise<void> {
  await withAdmin(databaseUrl, async (client) => {
    await client.query(
      `DELETE FROM account_members WHERE account_id IN (SELECT id FROM accounts WHERE opened_at < $1)`,
      [BEFORE],
    );
    await client.query(`DELETE FROM accounts WHERE opened_at < $1`, [BEFORE]);
  });
}

/** One owner for every bench account: each invoice email goes to them. */
async function registerOwner(infra: Infrastructure): Promise<string> {
  const user = await new Registration(infra.db, infra.users).register({
    email: `bench-owner-${randomUUID()}@example.test`,
    password: 'bench owner password 1',
    name: 'Bench Owner',
  });
  return user.id;
}

async function openAccounts(infra: Infrastructure, count: number, openedAt: Date, ownerId: string): Promise<void> {
  const accounts = new AccountCommands(infra.eventStore);
  const billing = new BillingAccountCommands(infra.eventStore);
  await mapLimit(
    Array.from({ length: count }, () => randomUUID()),
    16,
    async (accountId) => {
      await accounts.execute(
        accountId,
        (state) =>
          openAccount(state, {
            accountId,
            name: 'Bench Promotions',
            package: {
              planId: '00000000-0000-4000-8000-000000000001',
              planName: 'Bench',
              monthlyPrice: 2900,
              currency: 'EUR',
              userLimit: 5,
              totalSeats: 100,
            },
            ownerId,
            now: openedAt,
          }),
        { operationId: `bench-open:${accountId}` },
      );
      await billing.execute(
        accountId,
        () => [
          {
            type: 'PaymentMethodAttached',
            data: {
              accountId,
              stripeCustomerId: `cus_bench_${accountId.slice(0, 8)}`,
              paymentMethodId: 'pm_card_visa',
              brand: 'visa',
              last4: '4242',
              at: openedAt.toISOString(),
            },
          },
        ],
        { operationId: `bench-pm:${accountId}` },
      );
    },
  );
}
