import type { TicketEvent, TicketIssued, VoidReason } from './ticket-events';

export type TicketDeliveryState =
  | { status: 'pending' }
  | { status: 'sent'; messageKey: string; providerMessageId: string; at: string }
  | { status: 'dispatched'; trackingNumber: string; carrier: string; at: string }
  | { status: 'delivered'; trackingNumber: string; carrier: string; at: string };

export interface TicketState {
  issued: boolean;
  ticket?: TicketIssued['data'];
  delivery: TicketDeliveryState;
  admittedAt?: string;
  voided?: { reason: VoidReason; at: string };
}

export const initialTicketState = (): TicketState => ({ issued: false, delivery: { status: 'pending' } });

export function evolveTicket(state: TicketState, event: TicketEvent): TicketState {
  switch (event.type) {
    case 'TicketIssued':
      return { ...state, issued: true, ticket: event.data, delivery: { status: 'pending' } };
    case 'TicketEmailed':
      return { ...state, delivery: { status: 'sent', ...event.data } };
    case 'TicketDispatched':
      return { ...state, delivery: { status: 'dispatched', ...event.data } };
    case 'TicketDelivered': {
      const carrier = state.delivery.status === 'dispatched' ? state.delivery.carrier : '';
      return {
        ...state,
        delivery: {
          status: 'delivered',
          trackingNumber: event.data.trackingNumber,
          carrier,
          at: event.data.deliveredAt,
        },
      };
    }
    case 'TicketAdmitted':
      return { ...state, admittedAt: event.data.at };
    case 'TicketVoided':
      return { ...state, voided: { reason: event.data.reason, at: event.data.at } };
  }
}
