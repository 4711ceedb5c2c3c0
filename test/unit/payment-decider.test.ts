import { evolvePayment, initialPaymentState, type PaymentState } from '../../src/domain/payments/payment';
import {
  cancel,
  fail,
  recordCharge,
  refund,
  requireAction,
  succeed,
  type ChargeResult,
} from '../../src/domain/payments/payment-decisions';
import type { PaymentEvent } from '../../src/domain/payments/payment-events';
import { refusalCode } from '../support/refusal';

const now = new Date('2026-11-21T10:00:00.000Z');
const at = now.toISOString();
const ref = { paymentId: 'pay-1', orderId: 'ord-1' };
const given = (...events: PaymentEvent[]): PaymentState => events.reduce(evolvePayment, initialPaymentState());

const requested = (intentId = 'pi_1'): PaymentEvent => ({
  type: 'PaymentRequested',
  data: {
    ...ref,
    customerId: 'cus-1',
    amount: 4500,
    currency: 'EUR',
    intentId,
    paymentMethodId: 'pm_card_visa',
    idempotencyKey: 'order-ord-1-payment',
    requestedAt: at,
  },
});
const actionRequired = (intentId = 'pi_1'): PaymentEvent => ({
  type: 'PaymentActionRequired',
  data: { ...ref, intentId, at },
});
const succeeded = (intentId = 'pi_1', amount = 4500): PaymentEvent => ({
  type: 'PaymentSucceeded',
  data: { ...ref, intentId, amount, currency: 'EUR', succeededAt: at },
});
const failed = (intentId: string | null = 'pi_1', failureCode = 'card_declined'): PaymentEvent => ({
  type: 'PaymentFailed',
  data: {
    ...ref,
    ...(intentId && { intentId }),
    failureCode,
    failureMessage: 'Your card was declined.',
    failedAt: at,
  },
});
const cancelled = (): PaymentEvent => ({
  type: 'PaymentCancelled',
  data: { ...ref, intentId: 'pi_1', cancelledAt: at },
});
const refunded = (): PaymentEvent => ({
  type: 'PaymentRefunded',
  data: {
    ...ref,
    intentId: 'pi_1',
    refundId: 're_1',
    amount: 4500,
    currency: 'EUR',
    reason: 'late_payment',
    refundedAt: at,
  },
});

const charge = (state: PaymentState, result: ChargeResult) =>
  recordCharge(state, {
    ...ref,
    customerId: 'cus-1',
    amount: 4500,
    currency: 'EUR',
    paymentMethodId: 'pm_card_visa',
    idempotencyKey: 'order-ord-1-payment',
    result,
    now,
  });
const success = (state: PaymentState, intentId = 'pi_1') =>
  succeed(state, { ...ref, intentId, amount: 9999, currency: 'USD', now });
const failure = (state: PaymentState, failureCode = 'card_declined') =>
  fail(state, { ...ref, intentId: 'pi_1', failureCode, failureMessage: 'Your card was declined.', now });
const doRefund = (state: PaymentState) => refund(state, { ...ref, refundId: 're_1', reason: 'late_payment', now });

describe('payment decider', () => {
  describe('recordCharge', () => {
    it('records the request and the success Stripe answered', () => {
      const events = charge(given(), { status: 'succeeded', intentId: 'pi_1' });
      expect(events).toEqual([requested(), succeeded()]);
      expect(given(...events)).toMatchObject({ status: 'Succeeded', intentId: 'pi_1', amount: 4500, currency: 'EUR' });
    });

    it('records a payment waiting for the customer as pending', () => {
      const events = charge(given(), { status: 'requires_action', intentId: 'pi_1' });
      expect(events).toEqual([requested(), actionRequired()]);
      expect(given(...events)).toMatchObject({ status: 'Pending', actionRequired: true });
    });

    it('records a decline with its codes', () => {
      const events = charge(given(), {
        status: 'failed',
        intentId: 'pi_1',
        failureCode: 'card_declined',
        failureMessage: 'Your card has insufficient funds.',
        declineCode: 'insufficient_funds',
      });
      expect(events[1]).toEqual({
        type: 'PaymentFailed',
        data: {
          ...ref,
          intentId: 'pi_1',
          failureCode: 'card_declined',
          failureMessage: 'Your card has insufficient funds.',
          declineCode: 'insufficient_funds',
          failedAt: at,
        },
      });
      expect(given(...events).failure).toEqual({
        code: 'card_declined',
        message: 'Your card has insufficient funds.',
        declineCode: 'insufficient_funds',
      });
    });

    it('records only the failure when Stripe created no intent', () => {
      const events = charge(given(), { status: 'failed', failureCode: 'card_declined', failureMessage: 'No.' });
      expect(events.map((e) => e.type)).toEqual(['PaymentFailed']);
      expect(given(...events)).toMatchObject({ status: 'Failed', requested: false });
    });

    it('records nothing for a charge recorded already (a retried activity)', () => {
      expect(charge(given(requested(), succeeded()), { status: 'succeeded', intentId: 'pi_1' })).toEqual([]);
      expect(charge(given(requested(), actionRequired()), { status: 'succeeded', intentId: 'pi_1' })).toEqual([]);
    });

    it('records the request but no second outcome when the webhook was faster', () => {
      const state = given(succeeded());
      const events = charge(state, { status: 'requires_action', intentId: 'pi_1' });
      expect(events.map((e) => e.type)).toEqual(['PaymentRequested']);
      expect(given(succeeded(), ...events)).toMatchObject({ status: 'Succeeded', requested: true });
    });
  });

  describe('requireAction', () => {
    it('is asked once, only of a pending payment', () => {
      expect(requireAction(given(requested()), { ...ref, intentId: 'pi_1', now })).toEqual([actionRequired()]);
      expect(requireAction(given(requested(), actionRequired()), { ...ref, intentId: 'pi_1', now })).toEqual([]);
      expect(requireAction(given(requested(), succeeded()), { ...ref, intentId: 'pi_1', now })).toEqual([]);
    });
  });

  describe('succeed', () => {
    it('records the success of a pending payment with the amount that was requested', () => {
      expect(success(given(requested(), actionRequired()))).toEqual([succeeded()]);
    });

    it('takes amount and currency from the order when no request was recorded', () => {
      expect(success(given())).toEqual([
        {
          type: 'PaymentSucceeded',
          data: { ...ref, intentId: 'pi_1', amount: 9999, currency: 'USD', succeededAt: at },
        },
      ]);
    });

    it('ignores a duplicate success, and a success after the refund', () => {
      expect(success(given(requested(), succeeded()))).toEqual([]);
      expect(success(given(requested(), succeeded(), refunded()))).toEqual([]);
    });

    it('records a success after a failure: the customer retried and Stripe took the money', () => {
      const state = given(requested(), actionRequired(), failed());
      expect(success(state)).toEqual([succeeded()]);
      expect(given(requested(), actionRequired(), failed(), succeeded())).toMatchObject({
        status: 'Succeeded',
        failure: undefined,
      });
    });

    it('records a success after a cancellation, so that money can be refunded', () => {
      expect(success(given(requested(), actionRequired(), cancelled()))).toEqual([succeeded()]);
    });
  });

  describe('fail', () => {
    it('records the first failure of a pending payment', () => {
      expect(failure(given(requested(), actionRequired()))).toEqual([failed()]);
    });

    it('keeps the intent it knows when the failure names none', () => {
      const events = fail(given(requested('pi_9')), { ...ref, failureCode: 'x', failureMessage: 'y', now });
      expect(events[0].data).toMatchObject({ intentId: 'pi_9' });
    });

    it('ignores a duplicate failure, or another failure after the first', () => {
      const state = given(requested(), failed());
      expect(failure(state)).toEqual([]);
      expect(failure(state, 'expired_card')).toEqual([]);
    });

    it('ignores a failure arriving after the success (out of order)', () => {
      expect(failure(given(requested(), succeeded()))).toEqual([]);
      expect(failure(given(requested(), succeeded(), refunded()))).toEqual([]);
      expect(given(requested(), succeeded(), ...failure(given(requested(), succeeded())))).toMatchObject({
        status: 'Succeeded',
      });
    });

    it('ignores a failure after a cancellation', () => {
      expect(failure(given(requested(), cancelled()))).toEqual([]);
    });
  });

  describe('cancel', () => {
    it('cancels a pending or failed intent', () => {
      expect(cancel(given(requested(), actionRequired()), { ...ref, now })).toEqual([cancelled()]);
      expect(cancel(given(requested(), failed()), { ...ref, now })).toEqual([cancelled()]);
    });

    it('records nothing for a second cancel', () => {
      expect(cancel(given(requested(), cancelled()), { ...ref, now })).toEqual([]);
    });

    it('refuses once money was taken', () => {
      expect(refusalCode(() => cancel(given(requested(), succeeded()), { ...ref, now }))).toEqual({
        kind: 'conflict',
        code: 'payment_already_succeeded',
      });
    });

    it('refuses when there is no intent to cancel', () => {
      expect(refusalCode(() => cancel(given(), { ...ref, now }))).toEqual({
        kind: 'conflict',
        code: 'payment_not_requested',
      });
      expect(refusalCode(() => cancel(given(failed(null)), { ...ref, now })).code).toBe('payment_not_requested');
    });
  });

  describe('refund', () => {
    it('refunds a succeeded payment in full', () => {
      expect(doRefund(given(requested(), succeeded()))).toEqual([refunded()]);
      expect(given(requested(), succeeded(), refunded())).toMatchObject({
        status: 'Refunded',
        refund: { refundId: 're_1', amount: 4500, currency: 'EUR', reason: 'late_payment' },
      });
    });

    it('refunds the intent that succeeded, even after an earlier failed one', () => {
      const events = doRefund(given(requested('pi_1'), failed('pi_1'), succeeded('pi_2')));
      expect(events[0].data).toMatchObject({ intentId: 'pi_2' });
    });

    it('refunds only once', () => {
      expect(doRefund(given(requested(), succeeded(), refunded()))).toEqual([]);
    });

    it.each([
      ['nothing was requested', given()],
      ['the payment is pending', given(requested(), actionRequired())],
      ['the payment failed', given(requested(), failed())],
      ['the payment was cancelled', given(requested(), cancelled())],
    ])('refuses when %s', (_case, state) => {
      expect(refusalCode(() => doRefund(state))).toEqual({ kind: 'conflict', code: 'payment_not_succeeded' });
    });
  });

  it('ends in the same state whatever order duplicated webhooks arrive in', () => {
    const outcomes: Array<(s: PaymentState) => PaymentEvent[]> = [
      (s) => success(s),
      (s) => failure(s),
      (s) => success(s),
      (s) => failure(s, 'expired_card'),
    ];
    const orders = [
      [0, 1, 2, 3],
      [1, 0, 3, 2],
      [3, 2, 1, 0],
      [1, 3, 0, 2],
    ];
    for (const order of orders) {
      const state = order.reduce(
        (s, i) => outcomes[i](s).reduce(evolvePayment, s),
        given(requested(), actionRequired()),
      );
      expect(state.status).toBe('Succeeded');
    }
  });
});
