/** Each email has its own stream, keyed by the sender's message key, so "was it sent?" is one read. */
export const EMAIL_STREAM_TYPE = 'email';

export const EMAIL_SENT = 'EmailSent';

export interface EmailSentData {
  /** The caller's idempotency key: one key, at most one email. */
  messageKey: string;
  to: string;
  template: string;
  subject: string;
  providerMessageId: string;
}

/** The provider accepted the email. Carries no body: bodies may hold secrets such as reset tokens. */
export interface EmailSent {
  type: typeof EMAIL_SENT;
  data: EmailSentData;
}

export function emailStreamId(messageKey: string): string {
  return `email-${messageKey}`;
}

export function emailSent(data: EmailSentData): EmailSent {
  const { messageKey, to, template, subject, providerMessageId } = data;
  return { type: EMAIL_SENT, data: { messageKey, to, template, subject, providerMessageId } };
}

/** The EmailSent in an email stream's events, if the email went out already. */
export function findEmailSent(events: ReadonlyArray<{ type: string; data: unknown }>): EmailSentData | undefined {
  const sent = events.find((e) => e.type === EMAIL_SENT);
  return sent ? (sent.data as EmailSentData) : undefined;
}
