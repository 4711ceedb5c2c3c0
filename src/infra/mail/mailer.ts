import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import type { Config } from '../../config/config';
import { classifyMailError, MailDeliveryError } from './mail-delivery-error';

export { classifyMailError, isRetryableStatus, MailDeliveryError } from './mail-delivery-error';

export interface EmailAttachment {
  filename: string;
  /** MIME type, e.g. application/pdf. */
  type: string;
  /** Base64. */
  content: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: EmailAttachment[];
  /** Echoed back by SendGrid's event webhook; values must be strings. */
  customArgs?: Record<string, string>;
}

export interface Mailer {
  /** Resolves once the provider accepted the email; throws MailDeliveryError otherwise. */
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
}

export interface MailerOptions {
  timeoutMs?: number;
}

export const DEFAULT_MAIL_TIMEOUT_MS = 10_000;

// The local sink accepts any bearer token; the "SG." prefix keeps the SDK from warning about it.
const SINK_API_KEY = 'SG.local-sink';

/** The single way the application sends email: SendGrid when a key is configured, else the local sink. */
export function createMailer(config: Config['mail'], options: MailerOptions = {}): Mailer {
  const timeoutMs = options.timeoutMs ?? DEFAULT_MAIL_TIMEOUT_MS;
  const client = new Client();
  // setApiKey resets baseUrl to SendGrid's, so the sink's URL must be set after it.
  client.setApiKey(config.sendgridApiKey ?? SINK_API_KEY);
  if (!config.sendgridApiKey) client.setDefaultRequest('baseUrl', config.sinkUrl);
  const service = new MailService();
  service.setClient(client);
  service.setTimeout(timeoutMs);

  return {
    async send(email) {
      try {
        const [response] = await withDeadline(service.send(toMailData(config, email)), timeoutMs);
        return { providerMessageId: messageIdFrom(response.headers) };
      } catch (err) {
        throw classifyMailError(err);
      }
    },
  };
}

function toMailData(config: Config['mail'], email: OutgoingEmail) {
  return {
    to: email.to,
    from: { email: config.from, name: config.fromName },
    subject: email.subject,
    text: email.text,
    ...(email.html !== undefined && { html: email.html }),
    ...(email.attachments?.length && {
      attachments: email.attachments.map((a) => ({ ...a, disposition: 'attachment' })),
    }),
    ...(email.customArgs && { customArgs: email.customArgs }),
    // Our links carry one-time tokens and ticket codes: they must not be rewritten through a tracking domain.
    trackingSettings: { clickTracking: { enable: false, enableText: false }, openTracking: { enable: false } },
  };
}

/**
 * SendGrid always answers 202 with X-Message-Id. Should it ever be missing, the email still went out:
 * report an empty id rather than fail and send it again.
 */
function messageIdFrom(headers: unknown): string {
  const value = (headers as Record<string, unknown> | undefined)?.['x-message-id'];
  return typeof value === 'string' ? value : '';
}

/**
 * The SDK's timeout only fires on an idle socket; this bounds the whole call, so a provider that
 * trickles its answer cannot hold an activity beyond its budget either.
 */
async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MailDeliveryError(`SendGrid did not answer within ${ms} ms`, true)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
