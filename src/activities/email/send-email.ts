import { ApplicationFailure } from '@temporalio/common';
import {
  EMAIL_STREAM_TYPE,
  type EmailSent,
  emailSent,
  emailStreamId,
  findEmailSent,
} from '../../domain/notifications/email-events';
import { ConcurrencyError } from '../../infra/event-store/errors';
import type { EventStore } from '../../infra/event-store/event-store';
import { deterministicId } from '../../infra/event-store/ids';
import { classifyMailError, type Mailer, type OutgoingEmail } from '../../infra/mail/mailer';

export interface EmailDeps {
  eventStore: EventStore;
  mailer: Mailer;
}

export interface EmailRequest {
  /** Idempotency key chosen by the caller (e.g. `tickets-<orderId>`): one key, at most one email. */
  messageKey: string;
  /** Which kind of email this is, for the record (e.g. `password-reset`). */
  template: string;
  email: OutgoingEmail;
  /** The workflow id that asked for it. */
  correlationId?: string;
}

export interface EmailResult {
  providerMessageId: string;
  /** True when an earlier attempt had sent it, so nothing was sent now. */
  alreadySent: boolean;
}

/**
 * The one email path: sends at most once per message key and records EmailSent with the provider's id.
 * Mail errors become Temporal failures: MailUnavailable is retried (the provider is down, slow or rate
 * limiting, so the email is delayed but never lost); MailRejected is not (the message itself is bad).
 *
 * Delivery is at least once, exactly once in the normal case. SendGrid has no idempotency key, so a
 * second copy goes out when the provider accepts a message but we never learn it: the process dies (or
 * the database fails) between its 202 and the EmailSent commit, or the provider answers after our
 * timeout. Two attempts running at once (a timed-out attempt still going) can also both send; only one
 * EmailSent is ever recorded. Every copy carries the message key as a custom argument, so duplicates
 * can be told apart in the provider's logs.
 */
export async function deliverEmail(deps: EmailDeps, request: EmailRequest): Promise<EmailResult> {
  const { messageKey, template, email } = request;
  if (!messageKey) throw ApplicationFailure.nonRetryable('An email needs a message key', 'InvalidEmailRequest');
  const streamId = emailStreamId(messageKey);

  const previous = findEmailSent(await deps.eventStore.readStream(streamId));
  if (previous) return { providerMessageId: previous.providerMessageId, alreadySent: true };

  let providerMessageId: string;
  try {
    ({ providerMessageId } = await deps.mailer.send({
      ...email,
      customArgs: { ...email.customArgs, message_key: messageKey },
    }));
  } catch (err) {
    const failure = classifyMailError(err);
    const details = { messageKey, template, status: failure.status ?? null };
    throw failure.retryable
      ? ApplicationFailure.retryable(failure.message, 'MailUnavailable', details)
      : ApplicationFailure.nonRetryable(failure.message, 'MailRejected', details);
  }

  const event = emailSent({ messageKey, to: email.to, template, subject: email.subject, providerMessageId });
  if (await recordSent(deps.eventStore, streamId, event, request.correlationId)) {
    return { providerMessageId, alreadySent: false };
  }
  // A concurrent attempt recorded first; report what the record says.
  const recorded = findEmailSent(await deps.eventStore.readStream(streamId));
  if (!recorded) throw new Error(`Email stream ${streamId} changed, but holds no EmailSent`);
  return { providerMessageId: recorded.providerMessageId, alreadySent: false };
}

/** Appends EmailSent to an empty stream; false when a concurrent attempt had recorded it already. */
async function recordSent(
  eventStore: EventStore,
  streamId: string,
  event: EmailSent,
  correlationId: string | undefined,
): Promise<boolean> {
  try {
    const result = await eventStore.append([
      {
        streamId,
        streamType: EMAIL_STREAM_TYPE,
        // The stream must be empty: a concurrent duplicate then either replays this very event (same id)
        // or, if it commits between our checks, surfaces as a ConcurrencyError. Neither records twice.
        expectedVersion: 0,
        events: [
          {
            eventId: deterministicId('email-sent', event.data.messageKey),
            ...event,
            metadata: { correlationId, actor: 'system' },
          },
        ],
      },
    ]);
    return result.appended;
  } catch (err) {
    if (err instanceof ConcurrencyError) return false;
    throw err;
  }
}
