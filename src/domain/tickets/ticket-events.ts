// Facts about one ticket, on its own stream (`ticket-<ticketId>`). The ticket's code is never part
// of them: it is derived from the ticket id with a server secret whenever it is needed.

export type DeliveryMethod = 'email' | 'courier';
export type VoidReason = 'concert_cancelled' | 'refunded';

/** What a door scan concluded. */
export type ScanResult = 'valid' | 'already_used' | 'wrong_concert' | 'voided' | 'unknown';

export type TicketIssued = {
  type: 'TicketIssued';
  data: {
    ticketId: string;
    orderId: string;
    customerId: string;
    concertId: string;
    accountId: string;
    concertName: string;
    ticketLevel: string;
    levelName: string;
    /** Which admission of the order this ticket is, 1..n across all its lines. */
    admission: number;
    deliveryMethod: DeliveryMethod;
    issuedAt: string;
  };
};
/** The ticket email was accepted by the provider (the email path's own record is `EmailSent`). */
export type TicketEmailed = {
  type: 'TicketEmailed';
  data: { messageKey: string; providerMessageId: string; at: string };
};
/** Handed to the courier, who tracks it under this number. */
export type TicketDispatched = {
  type: 'TicketDispatched';
  data: { trackingNumber: string; carrier: string; at: string };
};
/** The courier reported the ticket delivered. */
export type TicketDelivered = {
  type: 'TicketDelivered';
  data: { trackingNumber: string; deliveredAt: string };
};
/** Its holder went through the door. Once only: a second scan finds this and answers already_used. */
export type TicketAdmitted = {
  type: 'TicketAdmitted';
  data: { concertId: string; scannedBy: string; at: string };
};
/** The ticket no longer admits anyone: its concert was cancelled or its order refunded. */
export type TicketVoided = {
  type: 'TicketVoided';
  data: { reason: VoidReason; at: string };
};

export type TicketEvent =
  TicketIssued | TicketEmailed | TicketDispatched | TicketDelivered | TicketAdmitted | TicketVoided;

export const TICKET_EVENT_TYPES: ReadonlyArray<TicketEvent['type']> = [
  'TicketIssued',
  'TicketEmailed',
  'TicketDispatched',
  'TicketDelivered',
  'TicketAdmitted',
  'TicketVoided',
];

export const TICKET_STREAM_TYPE = 'ticket';
export const ticketStreamId = (ticketId: string): string => `ticket-${ticketId}`;

/**
 * One validation attempt at a door, whatever its outcome. Each attempt has a stream of its own, so
 * scans at many doors never contend with each other; only an admission also touches the ticket.
 */
export type TicketScanned = {
  type: 'TicketScanned';
  data: {
    attemptId: string;
    concertId: string;
    /** Null when the code named no ticket (forged, mistyped or never issued). */
    ticketId: string | null;
    result: ScanResult;
    scannedBy: string;
    at: string;
  };
};

export const TICKET_SCAN_STREAM_TYPE = 'ticket-scan';
export const ticketScanStreamId = (attemptId: string): string => `ticket-scan-${attemptId}`;
