/**
 * Why a command was refused. The API maps each kind to one HTTP status, so domain code states
 * the business reason and never thinks about transport.
 */
export type RefusalKind =
  | 'invalid' // a business rule is broken (422)
  | 'bad_request' // the request cannot be understood as given (400)
  | 'unauthorized' // who you are could not be established (401)
  | 'forbidden' // you may not do this (403)
  | 'not_found' // (404)
  | 'conflict' // the state of the world disagrees (409)
  | 'rate_limited'; // (429)

export class DomainError extends Error {
  constructor(
    readonly kind: RefusalKind,
    /** Stable machine-readable reason, e.g. `password_too_short`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const refuse = (kind: RefusalKind, code: string, message: string): never => {
  throw new DomainError(kind, code, message);
};
