import {
  ApplicationFailure,
  CancellationScope,
  log,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  confirmPasswordResetUpdate,
  passwordResetStateQuery,
  passwordResetSupersededSignal,
  passwordResetWorkflowId,
  RESET_REFUSALS,
  type ConfirmPasswordResetInput,
  type PasswordResetInput,
  type PasswordResetState,
} from './password-reset.contract';

const identity = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/**
 * Password reset: issue a token (superseding older ones), email the link, then wait for the user's
 * confirmation or the expiry timer, whichever comes first.
 */
export async function passwordResetWorkflow(input: PasswordResetInput): Promise<PasswordResetState> {
  let state = 'issuing' as PasswordResetState;
  let supersededWhileConfirming = false;
  setHandler(passwordResetStateQuery, () => state);
  setHandler(passwordResetSupersededSignal, () => {
    if (state === 'pending' || state === 'issuing') state = 'superseded';
    // A confirmation in flight decides first; if it fails, the request is superseded after all.
    if (state === 'confirming') supersededWhileConfirming = true;
  });

  const issued = await identity.issuePasswordResetToken(input);
  if (!issued) return (state = 'no-account');
  if (state === 'issuing') state = 'pending';
  await Promise.all(issued.superseded.map((old) => notifySuperseded(old)));

  setHandler(
    confirmPasswordResetUpdate,
    async (confirmation) => {
      state = 'confirming';
      try {
        await identity.completePasswordReset({
          requestId: input.requestId,
          userId: issued.userId,
          attemptId: confirmation?.attemptId,
        });
        state = 'completed';
      } catch (err) {
        state = supersededWhileConfirming ? 'superseded' : 'pending';
        throw err;
      }
    },
    { validator: (_confirmation: ConfirmPasswordResetInput) => refuseUnlessPending(state) },
  );

  // The email may keep retrying while the provider is down, but never beyond the token's life.
  const delivery = new CancellationScope();
  const emailSent = delivery
    .run(() => identity.sendPasswordResetEmail({ requestId: input.requestId, userId: issued.userId }))
    .catch((err) => {
      // A rejected address is not worth failing the workflow over: the token simply expires unused.
      if (!isCancellation(err)) log.warn('password reset email not delivered', { error: (err as Error).message });
    });

  const resolved = await condition(() => state !== 'pending' && state !== 'confirming', input.ttlMs);
  if (!resolved) {
    await condition(() => state !== 'confirming');
    if (state === 'pending') {
      state = 'expired';
      await identity.expirePasswordReset({ requestId: input.requestId, userId: issued.userId });
    }
  }
  delivery.cancel();
  await emailSent;
  await condition(allHandlersFinished);
  return state;
}

/** Only a pending request accepts a confirmation; the failure type tells the API why not. */
function refuseUnlessPending(state: PasswordResetState): void {
  if (state === 'pending') return;
  const type =
    state === 'confirming'
      ? RESET_REFUSALS.inProgress
      : state === 'completed'
        ? RESET_REFUSALS.used
        : state === 'superseded'
          ? RESET_REFUSALS.superseded
          : RESET_REFUSALS.expired;
  throw ApplicationFailure.create({ type, message: `This reset request is ${state}`, nonRetryable: true });
}

async function notifySuperseded(requestId: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(passwordResetWorkflowId(requestId)).signal(passwordResetSupersededSignal);
  } catch {
    // The older workflow already ended; the Superseded event is what counts.
  }
}

function isCancellation(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === 'CancelledFailure' || (err.cause as Error | undefined)?.name === 'CancelledFailure')
  );
}
