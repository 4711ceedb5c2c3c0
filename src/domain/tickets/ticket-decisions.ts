import type { OrderPlaced } from '../orders/order-events';
import { refuse } from '../shared/errors';
import type { TicketState } from './ticket';
import type {
  DeliveryMethod,
  ScanResult,
  TicketAdmitted,
  TicketDelivered,
  TicketDispatched,
  TicketEmailed,
  TicketIssued,
  TicketVoided,
  VoidReason,
} from './ticket-events';

// Deciders for tickets: given a ticket's state and a command, the events that follow (or a refusal).
// `now` is an input, so every decision is reproducible. Repeating a fact the ticket already records
// decides nothing, which is what makes retried deliveries and voids harmless.

/**
 * One ticket per admitted person: every line gives `quantity` tickets, numbered 1..n across the
 * whole order. The ids come from outside (derived from the order, line and number) so a retry names
 * the same tickets.
 */
export function issueOrderTickets(
  order: OrderPlaced['data'],
  cmd: { ticketIdOf: (lineIndex: number, n: number) => string; now: Date },
): TicketIssued[] {
  if (order.lines.length === 0) return refuse('invalid', 'order_without_lines', 'The order has no lines to ticket');
  const issuedAt = cmd.now.toISOString();
  const tickets: TicketIssued[] = [];
  order.lines.forEach((line, lineIndex) => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      refuse('invalid', 'invalid_quantity', `Order line ${lineIndex} has no whole number of admissions`);
    }
    for (let n = 1; n <= line.quantity; n++) {
      tickets.push({
        type: 'TicketIssued',
        data: {
          ticketId: cmd.ticketIdOf(lineIndex, n),
          orderId: order.orderId,
          customerId: order.customerId,
          concertId: line.concertId,
          accountId: line.accountId,
          concertName: line.concertName,
          ticketLevel: line.ticketLevel,
          levelName: line.levelName,
          admission: tickets.length + 1,
          deliveryMethod: order.delivery.method,
          issuedAt,
        },
      });
    }
  });
  return tickets;
}

/** What delivering a ticket still needs. */
export type DeliveryStep =
  | { kind: 'send_email' }
  | { kind: 'dispatch' }
  /** Delivered (or handed to the courier) already: report what was recorded. */
  | { kind: 'done'; method: DeliveryMethod; trackingNumber?: string }
  /** Voided before it went out: there is nothing left to deliver. */
  | { kind: 'voided'; method: DeliveryMethod };

export function nextDeliveryStep(state: TicketState): DeliveryStep {
  const ticket = requireTicket(state);
  const method = ticket.deliveryMethod;
  const { delivery } = state;
  if (delivery.status === 'sent') return { kind: 'done', method };
  if (delivery.status === 'dispatched' || delivery.status === 'delivered') {
    return { kind: 'done', method, trackingNumber: delivery.trackingNumber };
  }
  if (state.voided) return { kind: 'voided', method };
  return method === 'email' ? { kind: 'send_email' } : { kind: 'dispatch' };
}

export function recordTicketEmailed(
  state: TicketState,
  cmd: { messageKey: string; providerMessageId: string; now: Date },
): TicketEmailed[] {
  const ticket = requireTicket(state);
  if (ticket.deliveryMethod !== 'email') {
    return refuse('conflict', 'wrong_delivery_method', 'This ticket is delivered by courier, not by email');
  }
  if (state.delivery.status !== 'pending') return [];
  return [
    {
      type: 'TicketEmailed',
      data: { messageKey: cmd.messageKey, providerMessageId: cmd.providerMessageId, at: cmd.now.toISOString() },
    },
  ];
}

export function recordTicketDispatched(
  state: TicketState,
  cmd: { trackingNumber: string; carrier: string; now: Date },
): TicketDispatched[] {
  const ticket = requireTicket(state);
  if (ticket.deliveryMethod !== 'courier') {
    return refuse('conflict', 'wrong_delivery_method', 'This ticket is delivered by email, not by courier');
  }
  const { delivery } = state;
  if (delivery.status === 'dispatched' || delivery.status === 'delivered') {
    if (delivery.trackingNumber === cmd.trackingNumber) return [];
    return refuse('conflict', 'already_dispatched', `The ticket was dispatched already (${delivery.trackingNumber})`);
  }
  return [
    {
      type: 'TicketDispatched',
      data: { trackingNumber: cmd.trackingNumber, carrier: cmd.carrier, at: cmd.now.toISOString() },
    },
  ];
}

export function recordTicketDelivered(
  state: TicketState,
  cmd: { trackingNumber: string; deliveredAt: string },
): TicketDelivered[] {
  requireTicket(state);
  const { delivery } = state;
  if (delivery.status !== 'dispatched' && delivery.status !== 'delivered') {
    return refuse('conflict', 'not_dispatched', 'The ticket was never handed to a courier');
  }
  if (delivery.trackingNumber !== cmd.trackingNumber) {
    return refuse('invalid', 'tracking_number_mismatch', `The ticket travels as ${delivery.trackingNumber}`);
  }
  if (delivery.status === 'delivered') return [];
  return [{ type: 'TicketDelivered', data: { trackingNumber: cmd.trackingNumber, deliveredAt: cmd.deliveredAt } }];
}

export function voidTicket(state: TicketState, cmd: { reason: VoidReason; now: Date }): TicketVoided[] {
  requireTicket(state);
  if (state.voided) return [];
  return [{ type: 'TicketVoided', data: { reason: cmd.reason, at: cmd.now.toISOString() } }];
}

export interface ScanOutcome {
  result: ScanResult;
  /** TicketAdmitted when (and only when) the result is `valid`. */
  events: TicketAdmitted[];
}

/**
 * The door's question: may this ticket enter this concert now? Only a ticket of this concert that
 * is neither voided nor used is admitted, and admitting it is recorded on the ticket, so the next
 * scan (at any door) finds it used.
 */
export function scanTicket(state: TicketState, cmd: { concertId: string; scannedBy: string; now: Date }): ScanOutcome {
  if (!state.issued || !state.ticket) return { result: 'unknown', events: [] };
  if (state.ticket.concertId !== cmd.concertId) return { result: 'wrong_concert', events: [] };
  if (state.voided) return { result: 'voided', events: [] };
  if (state.admittedAt) return { result: 'already_used', events: [] };
  return {
    result: 'valid',
    events: [
      {
        type: 'TicketAdmitted',
        data: { concertId: cmd.concertId, scannedBy: cmd.scannedBy, at: cmd.now.toISOString() },
      },
    ],
  };
}

function requireTicket(state: TicketState): TicketIssued['data'] {
  if (!state.issued || !state.ticket) return refuse('not_found', 'ticket_not_found', 'Ticket not found');
  return state.ticket;
}
