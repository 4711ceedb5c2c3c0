import type { OrderPlaced } from '../../src/domain/orders/order-events';
import { evolveTicket, initialTicketState, type TicketState } from '../../src/domain/tickets/ticket';
import {
  issueOrderTickets,
  nextDeliveryStep,
  recordTicketDelivered,
  recordTicketDispatched,
  recordTicketEmailed,
  scanTicket,
  voidTicket,
} from '../../src/domain/tickets/ticket-decisions';
import type { TicketEvent, TicketIssued } from '../../src/domain/tickets/ticket-events';
import { refusalCode } from '../support/refusal';

const now = new Date('2027-03-14T18:00:00.000Z');
const later = new Date('2027-03-14T18:05:00.000Z');
const given = (...events: TicketEvent[]): TicketState => events.reduce(evolveTicket, initialTicketState());

const order: OrderPlaced['data'] = {
  orderId: 'o1',
  customerId: 'u1',
  cartId: 'c1',
  lines: [
    {
      concertId: 'k1',
      accountId: 'a1',
      concertName: 'Winter Tour',
      ticketLevel: 'GA',
      levelName: 'General admission',
      quantity: 2,
      unitPrice: 4500,
      currency: 'EUR',
    },
    {
      concertId: 'k1',
      accountId: 'a1',
      concertName: 'Winter Tour',
      ticketLevel: 'VIP',
      levelName: 'VIP balcony',
      quantity: 1,
      unitPrice: 12000,
      currency: 'EUR',
    },
  ],
  total: { amount: 21000, currency: 'EUR' },
  delivery: { method: 'email' },
  paymentMethodId: 'pm_card_visa',
  requestHash: 'h',
  placedAt: now.toISOString(),
};
const ticketIdOf = (line: number, n: number) => `t-${line}-${n}`;

const issued = (overrides: Partial<TicketIssued['data']> = {}): TicketIssued => ({
  type: 'TicketIssued',
  data: {
    ticketId: 't1',
    orderId: 'o1',
    customerId: 'u1',
    concertId: 'k1',
    accountId: 'a1',
    concertName: 'Winter Tour',
    ticketLevel: 'GA',
    levelName: 'General admission',
    admission: 1,
    deliveryMethod: 'email',
    issuedAt: now.toISOString(),
    ...overrides,
  },
});
const byCourier = issued({ deliveryMethod: 'courier' });
const dispatched: TicketEvent = {
  type: 'TicketDispatched',
  data: { trackingNumber: 'SIM-1', carrier: 'simulated', at: now.toISOString() },
};
const admitted: TicketEvent = {
  type: 'TicketAdmitted',
  data: { concertId: 'k1', scannedBy: 'door-1', at: now.toISOString() },
};
const voided: TicketEvent = { type: 'TicketVoided', data: { reason: 'refunded', at: now.toISOString() } };
const scan = (state: TicketState, concertId = 'k1') =>
  scanTicket(state, { concertId, scannedBy: 'door-2', now: later });

describe('ticket decider', () => {
  describe('issueOrderTickets', () => {
    it('issues one ticket per admission, numbered across the whole order', () => {
      const tickets = issueOrderTickets(order, { ticketIdOf, now });
      expect(tickets.map((t) => [t.data.ticketId, t.data.ticketLevel, t.data.admission])).toEqual([
        ['t-0-1', 'GA', 1],
        ['t-0-2', 'GA', 2],
        ['t-1-1', 'VIP', 3],
      ]);
      expect(tickets[2]).toEqual({
        type: 'TicketIssued',
        data: {
          ticketId: 't-1-1',
          orderId: 'o1',
          customerId: 'u1',
          concertId: 'k1',
          accountId: 'a1',
          concertName: 'Winter Tour',
          ticketLevel: 'VIP',
          levelName: 'VIP balcony',
          admission: 3,
          deliveryMethod: 'email',
          issuedAt: now.toISOString(),
        },
      });
    });

    it('carries the delivery method of the order and refuses orders without admissions', () => {
      const courier = {
        method: 'courier' as const,
        address: { name: 'A', line1: 'B', postalCode: '1', city: 'C', country: 'DE' },
      };
      expect(
        issueOrderTickets({ ...order, delivery: courier }, { ticketIdOf, now }).every(
          (t) => t.data.deliveryMethod === 'courier',
        ),
      ).toBe(true);
      expect(refusalCode(() => issueOrderTickets({ ...order, lines: [] }, { ticketIdOf, now }))).toEqual({
        kind: 'invalid',
        code: 'order_without_lines',
      });
      expect(
        refusalCode(() =>
          issueOrderTickets({ ...order, lines: [{ ...order.lines[0], quantity: 0 }] }, { ticketIdOf, now }),
        ),
      ).toEqual({ kind: 'invalid', code: 'invalid_quantity' });
    });
  });

  describe('scanTicket at the door', () => {
    it('admits a fresh ticket of this concert once', () => {
      const first = scan(given(issued()));
      expect(first).toEqual({
        result: 'valid',
        events: [{ type: 'TicketAdmitted', data: { concertId: 'k1', scannedBy: 'door-2', at: later.toISOString() } }],
      });
      const state = given(issued(), ...first.events);
      expect(state.admittedAt).toBe(later.toISOString());
      expect(scan(state)).toEqual({ result: 'already_used', events: [] });
    });

    it('answers wrong_concert for a ticket of another concert, and admits nothing', () => {
      expect(scan(given(issued()), 'k2')).toEqual({ result: 'wrong_concert', events: [] });
      // Even a used or voided ticket is first of all a ticket for another door.
      expect(scan(given(issued(), admitted), 'k2').result).toBe('wrong_concert');
    });

    it('answers voided for a cancelled or refunded ticket, used or not', () => {
      expect(scan(given(issued(), voided))).toEqual({ result: 'voided', events: [] });
      expect(scan(given(issued(), admitted, voided)).result).toBe('voided');
    });

    it('answers unknown when no ticket was issued', () => {
      expect(scan(given())).toEqual({ result: 'unknown', events: [] });
    });
  });

  describe('delivery', () => {
    it('sends an email ticket once', () => {
      expect(nextDeliveryStep(given(issued()))).toEqual({ kind: 'send_email' });
      const emailed = recordTicketEmailed(given(issued()), { messageKey: 'ticket-t1', providerMessageId: 'm1', now });
      expect(emailed).toEqual([
        { type: 'TicketEmailed', data: { messageKey: 'ticket-t1', providerMessageId: 'm1', at: now.toISOString() } },
      ]);
      const state = given(issued(), ...emailed);
      expect(nextDeliveryStep(state)).toEqual({ kind: 'done', method: 'email' });
      expect(recordTicketEmailed(state, { messageKey: 'ticket-t1', providerMessageId: 'm2', now: later })).toEqual([]);
    });

    it('dispatches a courier ticket once, and records delivery under its tracking number', () => {
      expect(nextDeliveryStep(given(byCourier))).toEqual({ kind: 'dispatch' });
      expect(recordTicketDispatched(given(byCourier), { trackingNumber: 'SIM-1', carrier: 'simulated', now })).toEqual([
        dispatched,
      ]);
      const state = given(byCourier, dispatched);
      expect(nextDeliveryStep(state)).toEqual({ kind: 'done', method: 'courier', trackingNumber: 'SIM-1' });
      expect(recordTicketDispatched(state, { trackingNumber: 'SIM-1', carrier: 'simulated', now })).toEqual([]);
      expect(
        refusalCode(() => recordTicketDispatched(state, { trackingNumber: 'SIM-2', carrier: 'simulated', now })),
      ).toEqual({ kind: 'conflict', code: 'already_dispatched' });

      const delivered = recordTicketDelivered(state, { trackingNumber: 'SIM-1', deliveredAt: later.toISOString() });
      expect(delivered).toEqual([
        { type: 'TicketDelivered', data: { trackingNumber: 'SIM-1', deliveredAt: later.toISOString() } },
      ]);
      const after = given(byCourier, dispatched, ...delivered);
      expect(after.delivery).toEqual({
        status: 'delivered',
        trackingNumber: 'SIM-1',
        carrier: 'simulated',
        at: later.toISOString(),
      });
      expect(recordTicketDelivered(after, { trackingNumber: 'SIM-1', deliveredAt: later.toISOString() })).toEqual([]);
    });

    it('refuses deliveries that do not fit the ticket', () => {
      expect(
        refusalCode(() => recordTicketDelivered(given(byCourier), { trackingNumber: 'SIM-1', deliveredAt: '' })),
      ).toEqual({ kind: 'conflict', code: 'not_dispatched' });
      expect(
        refusalCode(() =>
          recordTicketDelivered(given(byCourier, dispatched), { trackingNumber: 'SIM-9', deliveredAt: '' }),
        ),
      ).toEqual({ kind: 'invalid', code: 'tracking_number_mismatch' });
      expect(
        refusalCode(() => recordTicketEmailed(given(byCourier), { messageKey: 'k', providerMessageId: 'm', now })),
      ).toEqual({ kind: 'conflict', code: 'wrong_delivery_method' });
      expect(
        refusalCode(() => recordTicketDispatched(given(issued()), { trackingNumber: 'S', carrier: 'c', now })),
      ).toEqual({ kind: 'conflict', code: 'wrong_delivery_method' });
      expect(refusalCode(() => nextDeliveryStep(given()))).toEqual({ kind: 'not_found', code: 'ticket_not_found' });
    });

    it('does not deliver a ticket voided before it went out, but reports one delivered before', () => {
      expect(nextDeliveryStep(given(issued(), voided))).toEqual({ kind: 'voided', method: 'email' });
      expect(nextDeliveryStep(given(byCourier, dispatched, voided))).toEqual({
        kind: 'done',
        method: 'courier',
        trackingNumber: 'SIM-1',
      });
    });
  });

  describe('voidTicket', () => {
    it('voids once; a second void changes nothing', () => {
      const events = voidTicket(given(issued()), { reason: 'concert_cancelled', now });
      expect(events).toEqual([{ type: 'TicketVoided', data: { reason: 'concert_cancelled', at: now.toISOString() } }]);
      expect(voidTicket(given(issued(), ...events), { reason: 'refunded', now: later })).toEqual([]);
      expect(refusalCode(() => voidTicket(given(), { reason: 'refunded', now }))).toEqual({
        kind: 'not_found',
        code: 'ticket_not_found',
      });
    });
  });
});
