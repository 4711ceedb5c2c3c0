/**
 * The provider could not be asked, or refused the request itself (not the card). `retryable` says
 * whether asking again may help: the network, a 5xx or a rate limit may; a malformed request, a bad
 * key or a reused idempotency key never will.
 */
export class PaymentGatewayError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The provider's error code, when it gave one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PaymentGatewayError';
  }
}
