/**
 * Why an email did not go out, and whether trying again later can help. Deliberately carries no
 * `cause`: the SDK's errors hold the request (Authorization header and message body included).
 */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

// Socket-level failures: SendGrid was not reached or did not answer, so trying again can succeed.
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

const MAX_DETAIL = 300;

/**
 * Whether a status means "later may work": rate limits, provider outages and timeouts do; 401/403
 * also do, because a revoked or mistyped key is fixed by an operator and the mail must not be lost
 * meanwhile. Any other 4xx rejects this very message, so repeating it cannot help.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408 || status === 401 || status === 403;
}

/** Maps whatever the SendGrid SDK threw onto a MailDeliveryError; pure, so it is tested on its own. */
export function classifyMailError(err: unknown): MailDeliveryError {
  if (err instanceof MailDeliveryError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    isAxiosError?: unknown;
    response?: { body?: unknown };
    message?: unknown;
  };
  // The SDK's ResponseError puts the HTTP status in `code` and SendGrid's error list in `response.body`.
  if (typeof e.code === 'number') {
    const detail = providerErrors(e.response?.body);
    return new MailDeliveryError(
      `SendGrid answered ${e.code}${detail ? `: ${detail}` : ''}`,
      isRetryableStatus(e.code),
      e.code,
    );
  }
  if (typeof e.code === 'string' && TIMEOUT_CODES.has(e.code)) {
    return new MailDeliveryError(`SendGrid did not answer in time (${e.code})`, true);
  }
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) {
    return new MailDeliveryError(`SendGrid could not be reached (${e.code})`, true);
  }
  // Any other transport failure (no response at all) is worth another try too.
  if (e.isAxiosError === true) {
    return new MailDeliveryError(`SendGrid request failed${typeof e.code === 'string' ? ` (${e.code})` : ''}`, true);
  }
  // Left: the SDK refused to build the request (e.g. a malformed address). Repeating it fails the same way.
  const reason = typeof e.message === 'string' ? truncate(e.message) : 'unknown error';
  return new MailDeliveryError(`Email could not be prepared for SendGrid: ${reason}`, false);
}

/** SendGrid's `{ errors: [{ message, field }] }`, flattened; these name fields, never the content. */
function providerErrors(body: unknown): string {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return '';
  const parts = errors
    .filter((x): x is { message?: unknown; field?: unknown } => typeof x === 'object' && x !== null)
    .map((x) => {
      const message = typeof x.message === 'string' ? x.message : 'error';
      return typeof x.field === 'string' && x.field ? `${x.field}: ${message}` : message;
    });
  return truncate(parts.join('; '));
}

function truncate(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}
