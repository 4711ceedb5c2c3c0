import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../../config/config';
import { CourierError, type Courier } from '../../infra/courier';
import { TicketCodes } from '../../infra/crypto/ticket-code';
import type { Db } from '../../infra/db/prisma';
import type { EventMetadata } from '../../infra/event-store/types';
import { ConcertCatalog } from '../../application/catalog/concert-catalog';
import { UserDirectory } from '../../application/identity/user-directory';
import { OrderTickets } from '../../application/tickets/order-tickets';
import { placedOrder } from '../../application/tickets/placed-order';
import { TicketCommands } from '../../application/tickets/ticket-commands';
import { DomainError } from '../../domain/shared/errors';
import type { TicketIssued, VoidReason } from '../../domain/tickets/ticket-events';
import {
  nextDeliveryStep,
  recordTicketDelivered,
  recordTicketDispatched,
  recordTicketEmailed,
} from '../../domain/tickets/ticket-decisions';
import { checkoutWorkflowId } from '../../workflows/checkout.contract';
import { deliverEmail, type EmailDeps } from '../email/send-email';
import { ticketEmail } from './ticket-email';
import { asFailure, refusalsFinal as run } from '../refusals';

export interface TicketActivityDeps extends EmailDeps {
  config: Pick<Config, 'http' | 'tickets'>;
  db: Db;
  courier: Courier;
}

export interface TicketDeliveryResult {
  method: 'email' | 'courier';
  trackingNumber?: string;
}

export function createTicketActivities(deps: TicketActivityDeps) {
  const { config, db, eventStore, courier } = deps;
  const tickets = new TicketCommands(eventStore);
  const orderTickets = new OrderTickets(eventStore, tickets);
  const codes = new TicketCodes(config.tickets.codeSecret);
  const users = new UserDirectory(db);
  const catalog = new ConcertCatalog(db);

  async function sendByEmail(ticket: TicketIssued['data'], metadata: EventMetadata): Promise<void> {
    const customer = await users.findById(ticket.customerId);
    if (!customer) throw ApplicationFailure.nonRetryable(`No customer ${ticket.customerId}`, 'customer_not_found');
    const concert = await catalog.find(ticket.concertId);
    const messageKey = `ticket-${ticket.ticketId}`;
    const sent = await deliverEmail(deps, {
      messageKey,
      template: 'ticket',
      correlationId: metadata.correlationId,
      email: ticketEmail({
        to: customer.email,
        name: customer.name,
        concertName: ticket.concertName,
        levelName: ticket.levelName,
        admission: ticket.admission,
        code: codes.codeFor(ticket.ticketId),
        link: `${config.http.baseUrl}/tickets/${ticket.ticketId}`,
        concert: concert && { venue: concert.venue, city: concert.city, startsAt: concert.startsAt },
      }),
    });
    await run(() =>
      tickets.execute(
        ticket.ticketId,
        (s) => recordTicketEmailed(s, { messageKey, providerMessageId: sent.providerMessageId, now: new Date() }),
        { operationId: `ticket-emailed:${ticket.ticketId}`, metadata },
      ),
    );
  }

  async function sendByCourier(ticket: TicketIssued['data'], metadata: EventMetadata): Promise<string> {
    const order = await run(() => placedOrder(eventStore, ticket.orderId));
    if (order.delivery.method !== 'courier') {
      throw ApplicationFailure.nonRetryable(
        `Order ${ticket.orderId} has no courier address`,
        'courier_address_missing',
      );
    }
    let receipt;
    try {
      receipt = await courier.dispatch({
        ticketId: ticket.ticketId,
        orderId: ticket.orderId,
        address: order.delivery.address,
      });
    } catch (err) {
      if (err instanceof CourierError) {
        throw err.retryable
          ? ApplicationFailure.retryable(err.message, 'CourierUnavailable')
          : ApplicationFailure.nonRetryable(err.message, 'CourierRejected');
      }
      throw err;
    }
    const { trackingNumber, carrier } = receipt;
    await run(() =>
      tickets.execute(ticket.ticketId, (s) => recordTicketDispatched(s, { trackingNumber, carrier, now: new Date() }), {
        operationId: `ticket-dispatched:${ticket.ticketId}:${trackingNumber}`,
        metadata,
      }),
    );
    return trackingNumber;
  }

  return {
    /** One ticket per admission of the order, all in one transaction; a retry writes nothing and answers the same ids. */
    async issueTickets(input: { orderId: string }): Promise<{ ticketIds: string[] }> {
      const ticketIds = await run(() => orderTickets.issue(input.orderId, metadataFor(input.orderId)));
      return { ticketIds };
    },

    /**
     * Delivers one ticket, exactly once: by email through the one email path (keyed by the ticket) or
     * by courier (the same ticket is always the same shipment). Once delivered, answers what was
     * recorded and sends nothing. A ticket voided before it went out is not sent at all.
     */
    async deliverTicket(input: { ticketId: string }): Promise<TicketDeliveryResult> {
      const { state } = await tickets.load(input.ticketId);
      const step = await run(async () => nextDeliveryStep(state));
      const ticket = state.ticket!;
      const metadata = metadataFor(ticket.orderId);
      switch (step.kind) {
        case 'done':
          return { method: step.method, ...(step.trackingNumber ? { trackingNumber: step.trackingNumber } : {}) };
        case 'voided':
          return { method: step.method };
        case 'send_email':
          await sendByEmail(ticket, metadata);
          return { method: 'email' };
        case 'dispatch':
          return { method: 'courier', trackingNumber: await sendByCourier(ticket, metadata) };
      }
    },

    /** The courier reported the ticket delivered; repeating the report changes nothing. */
    async recordCourierDelivery(input: {
      ticketId: string;
      trackingNumber: string;
      deliveredAt: string;
    }): Promise<void> {
      try {
        const { state } = await tickets.load(input.ticketId);
        await tickets.execute(
          input.ticketId,
          (s) => recordTicketDelivered(s, { trackingNumber: input.trackingNumber, deliveredAt: input.deliveredAt }),
          {
            operationId: `ticket-delivered:${input.ticketId}:${input.trackingNumber}`,
            metadata: metadataFor(state.ticket?.orderId),
          },
        );
      } catch (err) {
        // The report can overtake the record of the dispatch it follows: wait for that record.
        if (err instanceof DomainError && err.code === 'not_dispatched') {
          throw ApplicationFailure.retryable(err.message, 'TicketNotDispatchedYet');
        }
        throw asFailure(err);
      }
    },

    /** Voids every ticket of the order not voided yet, in one transaction. */
    async voidOrderTickets(input: { orderId: string; reason: VoidReason }): Promise<void> {
      await run(() => orderTickets.void(input.orderId, input.reason, metadataFor(input.orderId)));
    },
  };
}

/** Facts are correlated with the workflow that asked for them, or else the order's checkout. */
function metadataFor(orderId: string | undefined): EventMetadata {
  let workflowId: string | undefined;
  try {
    workflowId = activityInfo().workflowExecution?.workflowId;
  } catch {
    // Called outside an activity (a script or test).
  }
  return { correlationId: workflowId ?? (orderId ? checkoutWorkflowId(orderId) : undefined), actor: 'system' };
}
