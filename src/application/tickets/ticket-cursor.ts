import { DomainError } from '../../domain/shared/errors';
import { isStorableInstant } from '../../domain/shared/instant';

/** Where a page of a customer's tickets ends: the sort key of its last ticket. */
export interface TicketCursor {
  issuedAt: Date;
  orderId: string;
  admission: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients (base64url), so the ordering behind it can change without breaking them. */
export const encodeTicketCursor = (cursor: TicketCursor): string =>
  Buffer.from(`${cursor.issuedAt.toISOString()}|${cursor.orderId}|${cursor.admission}`).toString('base64url');

export function decodeTicketCursor(text: string): TicketCursor {
  const [iso, orderId, admissionText, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const issuedAt = new Date(iso ?? '');
  const admission = Number(admissionText);
  if (
    rest.length > 0 ||
    !orderId ||
    !UUID.test(orderId) ||
    !isStorableInstant(issuedAt) ||
    !/^[1-9][0-9]{0,8}$/.test(admissionText ?? '')
  ) {
    throw new DomainError('bad_request', 'invalid_cursor', 'cursor is not one this API handed out');
  }
  return { issuedAt, orderId, admission };
}
