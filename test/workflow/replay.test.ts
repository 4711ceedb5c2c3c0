import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { PasswordResetRequests } from '../../src/application/identity/password-reset-requests';
import { Registration } from '../../src/application/identity/registration';
import { RateLimiter } from '../../src/infra/rate-limit/rate-limiter';
import { cancelOrderUpdate, checkoutWorkflowId, paymentSucceededSignal } from '../../src/workflows/checkout.contract';
import { passwordResetWorkflowId } from '../../src/workflows/password-reset.contract';
import { checkoutRequests, EMAIL_DELIVERY, fillCart, registerFan, scheduleTestConcert } from '../support/shop';
import { HISTORIES, replayAndRecord, workflowBundle } from '../support/replay-history';
import { eventually, startTestStack, type TestStack } from '../support/stack';

/**
 * Determinism guard: histories recorded from earlier versions of the workflows (committed under
 * test/fixtures/histories) must replay on the current code. A change that breaks one needs patched().
 * Set RECORD_HISTORIES=1 to add fresh histories of today's code to the fixtures.
 */
describe('workflow replay', () => {
  it.each(readdirSync(HISTORIES).filter((f) => f.endsWith('.json')))('replays recorded history %s', async (file) => {
    // The worker reads the CLI's JSON history format itself.
    const history: unknown = JSON.parse(readFileSync(join(HISTORIES, file), 'utf8'));
    await expect(Worker.runReplayHistory(workflowBundle(), history, file)).resolves.toBeUndefined();
  });

  describe('fresh histories', () => {
    let stack: TestStack;
    beforeAll(async () => {
      stack = await startTestStack({ PASSWORD_RESET_TTL: '2s', HOLD_TTL: '4s' });
    });
    afterAll(() => stack?.stop());

    it.each(['completed', 'expired'])('replays a %s password reset', async (outcome) => {
      const registration = new Registration(stack.infra.db, stack.infra.users);
      const resets = new PasswordResetRequests(
        stack.infra.db,
        new RateLimiter(stack.infra.db),
        stack.temporal,
        stack.config,
      );
      const email = `replay-${randomUUID()}@example.test`;
      await registration.register({ email, password: 'old-password-1', name: 'Replay' });
      const { requestId } = await resets.request(email, randomUUID());
      if (outcome === 'completed') {
        const token = await eventually(() => {
          const text = stack.sink.messages().find((m) => m.to.includes(email))?.text;
          return text ? /token=([A-Za-z0-9_-]+)/.exec(text)?.[1] : undefined;
        });
        await resets.confirm(token, 'new-password-22');
      }
      const handle = stack.temporal.workflow.getHandle(passwordResetWorkflowId(requestId));
      await expect(handle.result()).resolves.toBe(outcome);
      await replayAndRecord(handle, `password-reset-${outcome}`);
    });

    it.each([
      ['fulfilled', 'pm_card_visa', 'Fulfilled'],
      ['payment-failed', 'pm_card_chargeDeclined', 'PaymentFailed'],
      ['expired', 'pm_card_authenticationRequired', 'Expired'],
      ['cancelled', 'pm_card_authenticationRequired', 'Cancelled'],
      ['webhook-paid', 'pm_card_authenticationRequired', 'Fulfilled'],
    ])('replays a %s checkout', async (name, paymentMethodId, status) => {
      const { concertId } = await scheduleTestConcert(stack.infra, [{ code: 'GA', capacity: 5 }]);
      const fan = await registerFan(stack.infra);
      await fillCart(stack.infra, fan.userId, [{ concertId, ticketLevel: 'GA', quantity: 2 }]);
      const hold = await checkoutRequests(stack.infra, stack.temporal).checkout(fan.userId, randomUUID(), {
        paymentMethodId,
        delivery: EMAIL_DELIVERY,
      });
      const handle = stack.temporal.workflow.getHandle(checkoutWorkflowId(hold.orderId));
      const intentId = () =>
        eventually(
          async () =>
            (await stack.infra.db.payment.findFirst({ where: { orderId: hold.orderId } }))?.intentId ?? undefined,
        );
      if (name === 'cancelled') {
        await intentId();
        await handle.executeUpdate(cancelOrderUpdate, { args: [{ by: fan.userId }] });
      }
      if (name === 'webhook-paid') {
        await handle.signal(paymentSucceededSignal, { intentId: await intentId(), eventId: 'evt_replay' });
      }
      await expect(handle.result()).resolves.toMatchObject({ status });
      await replayAndRecord(handle, `checkout-${name}`);
    });
  });
});
