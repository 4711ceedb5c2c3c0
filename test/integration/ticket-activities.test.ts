import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createTicketActivities } from '../../src/activities/tickets/tickets.activities';
import { AccountAccess } from '../../src/application/accounts/account-access';
import { AccountCommands } from '../../src/application/accounts/account-commands';
import { ConcertCatalog } from '../../src/application/catalog/concert-catalog';
import { ConcertCommands } from '../../src/application/catalog/concert-commands';
import { ConcertManagement } from '../../src/application/catalog/concert-management';
import type { AuthenticatedUser } from '../../src/application/identity/authentication';
import { Registration } from '../../src/application/identity/registration';
import { UserCommands } from '../../src/application/identity/user-commands';
import { DoorValidation } from '../../src/application/tickets/door-validation';
import { TicketCommands } from '../../src/application/tickets/ticket-commands';
import { TicketQueries } from '../../src/application/tickets/ticket-queries';
import { loadConfig } from '../../src/config/config';
import { startMailSink, type MailSink } from '../../src/dev/mail-sink/server';
import { openAccount } from '../../src/domain/accounts/account-decisions';
import { emailStreamId } from '../../src/domain/notifications/email-events';
import { ticketStreamId } from '../../src/domain/tickets/ticket-events';
import { SimulatedCourier, simulatedTrackingNumber } from '../../src/infra/courier/simulated-courier';
import { TicketCodes } from '../../src/infra/crypto/ticket-code';
import { createDb, type Db } from '../../src/infra/db/prisma';
import { EventStore } from '../../src/infra/event-store/event-store';
import { upcasters } from '../../src/infra/event-store/upcaster-registry';
import { createMailer } from '../../src/infra/mail/mailer';
import { allProjections } from '../../src/read-models';
import { courierSimulationWorkflowId } from '../../src/workflows/courier-simulation.contract';
import { COURIER_ADDRESS, placeTestOrder } from '../support/ticket-orders';

const BASE_URL = 'https://tickets.boxoffice.test';
const config = loadConfig({ ...process.env, APP_BASE_URL: BASE_URL });

describe('tickets: issuing, delivery, voiding and the door (real Postgres, mail sink, Temporal)', () => {
  let db: Db;
  let eventStore: EventStore;
  let sink: MailSink;
  let temporal: Client;
  let activities: ReturnType<typeof createTicketActivities>;
  let validation: DoorValidation;
  let queries: TicketQueries;
  let registration: Registration;
  let management: ConcertManagement;
  const codes = new TicketCodes(config.tickets.codeSecret);
  // The simulated courier's workflows go to a queue no worker polls: they are only started, never run.
  const courierQueue = `ticket-activities-${randomUUID()}`;

  let door: AuthenticatedUser;
  let accountId: string;
  let concertId: string;
  let otherConcertId: string;

  const eventsOf = (ticketId: string) => eventStore.readStream(ticketStreamId(ticketId));
  const countEvents = async (streamIds: string[]) =>
    Number(
      (
        await db.$queryRaw<
          [{ n: bigint }]
        >`SELECT count(*) AS n FROM events WHERE stream_id = ANY(${streamIds}::text[])`
      )[0].n,
    );
  const newCustomer = () =>
    registration.register({ email: `fan-${randomUUID()}@example.test`, password: 'good-password-1', name: 'Fan' });
  const scheduleConcert = () =>
    management.schedule(
      accountId,
      {
        name: 'Winter Tour',
        artist: 'The Examples',
        venue: 'Columbiahalle',
        city: 'Berlin',
        startsAt: new Date(Date.now() + 30 * 86_400_000),
        ticketLevels: [
          { code: 'GA', name: 'General admission', price: 4500, currency: 'EUR', capacity: 100 },
          { code: 'VIP', name: 'VIP balcony', price: 12000, currency: 'EUR', capacity: 10 },
        ],
      },
      door,
    );
  const order = async (overrides: Partial<Parameters<typeof placeTestOrder>[1]> = {}) => {
    const customer = await newCustomer();
    const placed = await placeTestOrder(eventStore, { customerId: customer.id, concertId, accountId, ...overrides });
    return { customer, placed };
  };

  beforeAll(async () => {
    db = createDb(process.env.DATABASE_URL!);
    eventStore = new EventStore(db, { projections: allProjections, upcasters });
    sink = await startMailSink();
    temporal = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! }) });
    const courier = new SimulatedCourier({ deliveryDelayMs: 60_000, taskQueue: courierQueue, client: () => temporal });
    activities = createTicketActivities({
      config,
      db,
      eventStore,
      mailer: createMailer({ ...config.mail, sinkUrl: sink.url }),
      courier,
    });
    const tickets = new TicketCommands(eventStore);
    const accounts = new AccountCommands(eventStore);
    const access = new AccountAccess(db);
    const catalog = new ConcertCatalog(db);
    management = new ConcertManagement(new ConcertCommands(eventStore), accounts, catalog, access);
    validation = new DoorValidation(eventStore, tickets, management, codes);
    queries = new TicketQueries(db, codes);
    registration = new Registration(db, new UserCommands(eventStore));

    // An organizer account whose owner works the door, with two concerts.
    door = { id: randomUUID(), email: 'door@example.test', name: 'Door', role: 'customer' };
    accountId = randomUUID();
    await accounts.execute(
      accountId,
      (state) =>
        openAccount(state, {
          accountId,
          name: 'Door Promotions',
          package: {
            planId: randomUUID(),
            planName: 'Club',
            monthlyPrice: 4900,
            currency: 'EUR',
            userLimit: 5,
            totalSeats: 10_000,
          },
          ownerId: door.id,
          now: new Date(),
        }),
      { operationId: `open:${accountId}` },
    );
    concertId = await scheduleConcert();
    otherConcertId = await scheduleConcert();
  });
  afterAll(async () => {
    // Nothing runs these simulations; end them so the dev server holds no open workflows.
    for await (const wf of temporal.workflow.list({ query: `TaskQueue = "${courierQueue}"` })) {
      await temporal.workflow
        .getHandle(wf.workflowId)
        .terminate('test over')
        .catch(() => undefined);
    }
    await temporal?.connection.close();
    await sink?.close();
    await db?.$disconnect();
  });

  describe('issueTickets', () => {
    it('issues one ticket per admission in one go, and a retry writes nothing and answers the same ids', async () => {
      const { customer, placed } = await order();

      const { ticketIds } = await activities.issueTickets({ orderId: placed.orderId });

      expect(ticketIds).toHaveLength(3);
      expect(new Set(ticketIds).size).toBe(3);
      const streams = ticketIds.map(ticketStreamId);
      expect(await countEvents(streams)).toBe(3);
      const issued = await Promise.all(ticketIds.map(async (id) => (await eventsOf(id)).map((e) => e.data)));
      expect(issued.map(([d]) => d)).toEqual(
        ticketIds.map((ticketId, i) =>
          expect.objectContaining({
            ticketId,
            orderId: placed.orderId,
            customerId: customer.id,
            concertId,
            accountId,
            ticketLevel: i < 2 ? 'GA' : 'VIP',
            admission: i + 1,
            deliveryMethod: 'email',
          }),
        ),
      );
      // One transaction: the three appends committed together.
      const positions = await db.$queryRaw<Array<{ tx: string }>>`
        SELECT DISTINCT transaction_id::text AS tx FROM events WHERE stream_id = ANY(${streams}::text[])`;
      expect(positions).toHaveLength(1);

      const again = await activities.issueTickets({ orderId: placed.orderId });
      expect(again.ticketIds).toEqual(ticketIds);
      expect(await countEvents(streams)).toBe(3);

      const page = await queries.listForCustomer(customer.id, { limit: 10 });
      expect(page.items.map((t) => [t.id, t.admission, t.status, t.delivery.status])).toEqual(
        ticketIds.map((id, i) => [id, i + 1, 'issued', 'pending']),
      );
    });

    it('refuses an order that was never placed, for good', async () => {
      await expect(activities.issueTickets({ orderId: randomUUID() })).rejects.toMatchObject({
        type: 'order_not_found',
        nonRetryable: true,
      });
    });
  });

  describe('deliverTicket by email', () => {
    it('emails the ticket with its code and link once, even when asked twice', async () => {
      const { customer, placed } = await order();
      const [ticketId] = (await activities.issueTickets({ orderId: placed.orderId })).ticketIds;

      expect(await activities.deliverTicket({ ticketId })).toEqual({ method: 'email' });
      expect(await activities.deliverTicket({ ticketId })).toEqual({ method: 'email' });

      const mails = sink.messages().filter((m) => m.to.includes(customer.email));
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      const code = codes.codeFor(ticketId);
      expect(mail.subject).toBe('Your ticket: Winter Tour');
      expect(mail.text).toContain(code);
      expect(mail.text).toContain(`${BASE_URL}/tickets/${ticketId}`);
      expect(mail.text).toContain('General admission');
      expect(mail.text).toContain('Columbiahalle');
      expect(mail.html).toContain(code);
      expect(mail.customArgs.message_key).toBe(`ticket-${ticketId}`);
      // The code in the email is one the door accepts for this very ticket.
      expect(codes.ticketIdOf(/Ticket code: (\S+)/.exec(mail.text!)![1])).toBe(ticketId);

      const events = await eventsOf(ticketId);
      expect(events.map((e) => e.type)).toEqual(['TicketIssued', 'TicketEmailed']);
      expect(events[1].data).toMatchObject({ messageKey: `ticket-${ticketId}`, providerMessageId: mail.messageId });
      expect(await eventStore.readStream(emailStreamId(`ticket-${ticketId}`))).toHaveLength(1);
      // The code is derived, never stored: no event holds it.
      const stored = await db.$queryRaw<Array<{ n: bigint }>>`
        SELECT count(*) AS n FROM events WHERE data::text LIKE ${`%${code}%`}`;
      expect(Number(stored[0].n)).toBe(0);

      const details = await queries.getForCustomer(ticketId, customer.id);
      expect(details).toMatchObject({ id: ticketId, code, delivery: { method: 'email', status: 'sent' } });
    });
  });

  describe('deliverTicket by courier', () => {
    it('dispatches once under a tracking number derived from the ticket, then records the delivery once', async () => {
      const { customer, placed } = await order({
        delivery: { method: 'courier', address: COURIER_ADDRESS },
        lines: [{ quantity: 1 }],
      });
      const [ticketId] = (await activities.issueTickets({ orderId: placed.orderId })).ticketIds;
      const trackingNumber = simulatedTrackingNumber(ticketId);

      expect(await activities.deliverTicket({ ticketId })).toEqual({ method: 'courier', trackingNumber });
      const handle = temporal.workflow.getHandle(courierSimulationWorkflowId(trackingNumber));
      const { runId } = await handle.describe();
      expect(await activities.deliverTicket({ ticketId })).toEqual({ method: 'courier', trackingNumber });
      // The retry joined the shipment already on its way: still one run.
      const runs = [];
      for await (const wf of temporal.workflow.list({
        query: `WorkflowId = "${courierSimulationWorkflowId(trackingNumber)}"`,
      })) {
        runs.push(wf.runId);
      }
      expect(runs).toEqual([runId]);
      expect(sink.messages().filter((m) => m.to.includes(customer.email))).toHaveLength(0);

      const deliveredAt = new Date().toISOString();
      await activities.recordCourierDelivery({ ticketId, trackingNumber, deliveredAt });
      await activities.recordCourierDelivery({ ticketId, trackingNumber, deliveredAt });
      expect((await eventsOf(ticketId)).map((e) => e.type)).toEqual([
        'TicketIssued',
        'TicketDispatched',
        'TicketDelivered',
      ]);
      expect((await queries.getForCustomer(ticketId, customer.id)).delivery).toEqual({
        method: 'courier',
        status: 'delivered',
        trackingNumber,
        carrier: 'simulated',
        at: deliveredAt,
      });

      await expect(
        activities.recordCourierDelivery({ ticketId, trackingNumber: 'SIM-OTHER', deliveredAt }),
      ).rejects.toMatchObject({ type: 'tracking_number_mismatch', nonRetryable: true });
    });
  });

  describe('validation at the door', () => {
    it('admits exactly once when two doors scan one ticket at the same moment, and records both attempts', async () => {
      const { placed } = await order({ lines: [{ quantity: 1 }] });
      const [ticketId] = (await activities.issueTickets({ orderId: placed.orderId })).ticketIds;
      const code = codes.codeFor(ticketId);

      const answers = await Promise.all([
        validation.validate({ code, concertId }, door),
        validation.validate({ code, concertId }, door),
      ]);

      expect(answers.map((a) => a.result).sort()).toEqual(['already_used', 'valid']);
      const valid = answers.find((a) => a.result === 'valid')!;
      const used = answers.find((a) => a.result === 'already_used')!;
      expect(used.admittedAt).toBe(valid.admittedAt);
      expect(valid).toMatchObject({ ticketId, concertId, level: { code: 'GA', name: 'General admission' } });
      const events = await eventsOf(ticketId);
      expect(events.filter((e) => e.type === 'TicketAdmitted')).toHaveLength(1);
      const scans = await db.ticketScan.findMany({ where: { ticketId }, orderBy: { scannedAt: 'asc' } });
      expect(scans.map((s) => s.result).sort()).toEqual(['already_used', 'valid']);
      const scanEvents = await db.$queryRaw<Array<{ result: string }>>`
        SELECT data->>'result' AS result FROM events WHERE type = 'TicketScanned' AND data->>'ticketId' = ${ticketId}`;
      expect(scanEvents.map((e) => e.result).sort()).toEqual(['already_used', 'valid']);
      const row = await db.ticket.findUniqueOrThrow({ where: { id: ticketId } });
      expect(row.status).toBe('admitted');
      expect(row.admittedAt?.toISOString()).toBe(valid.admittedAt);

      // Many doors at once: still one admission.
      const more = await Promise.all(Array.from({ length: 6 }, () => validation.validate({ code, concertId }, door)));
      expect(more.every((a) => a.result === 'already_used')).toBe(true);
      expect((await eventsOf(ticketId)).filter((e) => e.type === 'TicketAdmitted')).toHaveLength(1);
    });

    it('answers wrong_concert, unknown and voided, recording every attempt', async () => {
      const { placed } = await order({ lines: [{ quantity: 2 }] });
      const [first, second] = (await activities.issueTickets({ orderId: placed.orderId })).ticketIds;

      expect(await validation.validate({ code: codes.codeFor(first), concertId: otherConcertId }, door)).toEqual({
        result: 'wrong_concert',
        concertId: otherConcertId,
        ticketId: first,
      });
      const forged = new TicketCodes('someone-else-s-secret-of-32-characters!').codeFor(first);
      expect(await validation.validate({ code: forged, concertId }, door)).toEqual({ result: 'unknown', concertId });
      // A genuine code of a ticket that was never issued is unknown too.
      expect(await validation.validate({ code: codes.codeFor(randomUUID()), concertId }, door)).toEqual({
        result: 'unknown',
        concertId,
      });

      await activities.voidOrderTickets({ orderId: placed.orderId, reason: 'refunded' });
      expect(await validation.validate({ code: codes.codeFor(second), concertId }, door)).toMatchObject({
        result: 'voided',
        ticketId: second,
      });
      expect((await eventsOf(first)).some((e) => e.type === 'TicketAdmitted')).toBe(false);

      const scans = await db.ticketScan.findMany({
        where: { scannedBy: door.id, OR: [{ ticketId: { in: [first, second] } }, { ticketId: null }] },
      });
      expect(scans.filter((s) => s.ticketId === first).map((s) => [s.result, s.concertId])).toEqual([
        ['wrong_concert', otherConcertId],
      ]);
      expect(scans.filter((s) => s.ticketId === second).map((s) => s.result)).toEqual(['voided']);
      expect(scans.filter((s) => s.ticketId === null).length).toBeGreaterThanOrEqual(2);
    });

    it('refuses someone outside the organizing account, and an unknown concert', async () => {
      const stranger: AuthenticatedUser = { ...door, id: randomUUID() };
      await expect(validation.validate({ code: 'X', concertId }, stranger)).rejects.toMatchObject({
        kind: 'forbidden',
        code: 'not_concert_organizer',
      });
      await expect(validation.validate({ code: 'X', concertId: randomUUID() }, door)).rejects.toMatchObject({
        kind: 'not_found',
        code: 'concert_not_found',
      });
    });
  });

  describe('voidOrderTickets', () => {
    it('voids every ticket of the order in one transaction; repeating it changes nothing', async () => {
      const { customer, placed } = await order();
      const { ticketIds } = await activities.issueTickets({ orderId: placed.orderId });

      await activities.voidOrderTickets({ orderId: placed.orderId, reason: 'concert_cancelled' });
      await activities.voidOrderTickets({ orderId: placed.orderId, reason: 'refunded' });

      for (const ticketId of ticketIds) {
        const events = await eventsOf(ticketId);
        expect(events.map((e) => e.type)).toEqual(['TicketIssued', 'TicketVoided']);
        expect(events[1].data).toMatchObject({ reason: 'concert_cancelled' });
      }
      const txs = await db.$queryRaw<Array<{ tx: string }>>`
        SELECT DISTINCT transaction_id::text AS tx FROM events
         WHERE type = 'TicketVoided' AND stream_id = ANY(${ticketIds.map(ticketStreamId)}::text[])`;
      expect(txs).toHaveLength(1);
      const page = await queries.listForCustomer(customer.id, { limit: 10 });
      expect(page.items.map((t) => [t.status, t.voidReason])).toEqual(
        ticketIds.map(() => ['voided', 'concert_cancelled']),
      );

      // A ticket voided before it went out is not sent.
      expect(await activities.deliverTicket({ ticketId: ticketIds[0] })).toEqual({ method: 'email' });
      expect(sink.messages().filter((m) => m.to.includes(customer.email))).toHaveLength(0);
    });
  });
});
