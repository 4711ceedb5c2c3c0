import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createEmailActivities, deliverEmail, type EmailRequest } from '../../src/activities/email';
import { startMailSink, type MailSink } from '../../src/dev/mail-sink/server';
import { EMAIL_SENT, emailStreamId } from '../../src/domain/notifications/email-events';
import { createDb, type Db } from '../../src/infra/db/prisma';
import { EventStore } from '../../src/infra/event-store/event-store';
import { deterministicId } from '../../src/infra/event-store/ids';
import { createMailer, MailDeliveryError, type Mailer } from '../../src/infra/mail/mailer';
import { notificationProjections } from '../../src/read-models/notifications';

const TIMEOUT_MS = 500;
const mailConfig = (sinkUrl: string) => ({ sinkUrl, from: 'tickets@boxoffice.test', fromName: 'Boxoffice Tickets' });

/** Runs `fn` expecting it to fail with an ApplicationFailure, and returns that failure. */
async function failureOf(fn: () => Promise<unknown>): Promise<ApplicationFailure> {
  const err = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('the email path', () => {
  let sink: MailSink;
  let db: Db;
  let eventStore: EventStore;
  let mailer: Mailer;

  const request = (overrides: Partial<EmailRequest> = {}): EmailRequest => {
    const key = randomUUID();
    return {
      messageKey: `tickets-${key}`,
      template: 'tickets',
      email: {
        to: `fan-${key}@example.com`,
        subject: 'Your tickets',
        text: 'Your tickets are attached.',
        html: '<p>Your tickets are attached.</p>',
        attachments: [
          { filename: 'tickets.pdf', type: 'application/pdf', content: Buffer.from('%PDF').toString('base64') },
        ],
        customArgs: { messageKey: `tickets-${key}` },
      },
      correlationId: `checkout-${key}`,
      ...overrides,
    };
  };
  const eventsOf = (messageKey: string) => eventStore.readStream(emailStreamId(messageKey));
  const deliveryRow = (messageKey: string) => db.emailDelivery.findUnique({ where: { messageKey } });
  const sentTo = (to: string) => sink.messages().filter((m) => m.to.includes(to));

  beforeAll(async () => {
    sink = await startMailSink();
    db = createDb(process.env.DATABASE_URL!);
    eventStore = new EventStore(db, { projections: notificationProjections });
    mailer = createMailer(mailConfig(sink.url), { timeoutMs: TIMEOUT_MS });
  });
  afterAll(async () => {
    await sink.close();
    await db.$disconnect();
  });
  beforeEach(() => {
    sink.clear();
    sink.clearFaults();
  });

  describe('mailer', () => {
    it('sends everything through the SendGrid SDK and returns the X-Message-Id', async () => {
      const { email } = request();

      const { providerMessageId } = await mailer.send(email);

      const delivered = sentTo(email.to);
      expect(delivered).toHaveLength(1);
      const [message] = delivered;
      expect(providerMessageId).toBe(message.messageId);
      expect(message).toMatchObject({
        to: [email.to],
        from: 'tickets@boxoffice.test',
        fromName: 'Boxoffice Tickets',
        subject: 'Your tickets',
        text: 'Your tickets are attached.',
        html: '<p>Your tickets are attached.</p>',
        customArgs: email.customArgs,
        attachments: [
          { filename: 'tickets.pdf', type: 'application/pdf', disposition: 'attachment', content: 'JVBERg==' },
        ],
      });
    });

    it('talks to SendGrid itself, not the sink, when an API key is configured', async () => {
      const real = createMailer({ ...mailConfig(sink.url), sendgridApiKey: 'SG.not-a-real-key' }, { timeoutMs: 300 });

      // No internet here, and a made-up key elsewhere: either way it must fail, and must not reach the sink.
      const { email } = request();
      const err = await real.send(email).then(
        () => undefined,
        (e: unknown) => e,
      );

      expect(err).toBeInstanceOf(MailDeliveryError);
      expect((err as MailDeliveryError).message).not.toContain('SG.not-a-real-key');
      expect(sentTo(email.to)).toHaveLength(0);
    });
  });

  describe('deliverEmail', () => {
    it('sends once, records EmailSent with the provider id and the delivery row', async () => {
      const req = request();

      const result = await deliverEmail({ eventStore, mailer }, req);

      expect(result.alreadySent).toBe(false);
      const delivered = sentTo(req.email.to);
      expect(delivered).toHaveLength(1);
      expect(result.providerMessageId).toBe(delivered[0].messageId);

      const events = await eventsOf(req.messageKey);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        eventId: deterministicId('email-sent', req.messageKey),
        streamType: 'email',
        streamVersion: 1,
        type: EMAIL_SENT,
        data: {
          messageKey: req.messageKey,
          to: req.email.to,
          template: 'tickets',
          subject: 'Your tickets',
          providerMessageId: result.providerMessageId,
        },
        metadata: { correlationId: req.correlationId },
      });

      expect(await deliveryRow(req.messageKey)).toEqual({
        messageKey: req.messageKey,
        recipient: req.email.to,
        template: 'tickets',
        subject: 'Your tickets',
        providerMessageId: result.providerMessageId,
        sentAt: events[0].recordedAt,
      });
    });

    it('does not send again for a message key that was sent', async () => {
      const req = request();
      const first = await deliverEmail({ eventStore, mailer }, req);

      const second = await deliverEmail({ eventStore, mailer }, { ...req, email: { ...req.email, subject: 'Again' } });

      expect(second).toEqual({ providerMessageId: first.providerMessageId, alreadySent: true });
      expect(sentTo(req.email.to)).toHaveLength(1);
      expect(await eventsOf(req.messageKey)).toHaveLength(1);
    });

    it('records one EmailSent when two attempts race on the same key', async () => {
      const req = request();

      const results = await Promise.all([
        deliverEmail({ eventStore, mailer }, req),
        deliverEmail({ eventStore, mailer }, req),
      ]);

      const events = await eventsOf(req.messageKey);
      expect(events).toHaveLength(1);
      const recorded = (events[0].data as { providerMessageId: string }).providerMessageId;
      expect(results.map((r) => r.providerMessageId)).toEqual([recorded, recorded]);
    });

    it('reports the recorded provider id when another attempt recorded while this one was sending', async () => {
      const req = request();
      let other: { providerMessageId: string } | undefined;
      // The real mailer, with a second attempt for the same key run to completion during the first one's send.
      const racing: Mailer = {
        async send(email) {
          const sent = await mailer.send(email);
          other ??= await deliverEmail({ eventStore, mailer }, req);
          return sent;
        },
      };

      const result = await deliverEmail({ eventStore, mailer: racing }, req);

      const delivered = sentTo(req.email.to);
      expect(delivered).toHaveLength(2);
      expect(other?.providerMessageId).toBe(delivered[1].messageId);
      expect(result).toEqual({ providerMessageId: other?.providerMessageId, alreadySent: false });
      const events = await eventsOf(req.messageKey);
      expect(events).toHaveLength(1);
      expect((events[0].data as { providerMessageId: string }).providerMessageId).toBe(other?.providerMessageId);
    });

    it('keeps the body out of the event and the read model', async () => {
      const token = `reset-token-${randomUUID()}`;
      const req = request({ template: 'password-reset' });
      req.email = { to: req.email.to, subject: 'Reset your password', text: `Open /reset?token=${token}` };

      await deliverEmail({ eventStore, mailer }, req);

      expect(sentTo(req.email.to)[0].text).toContain(token);
      expect(
        JSON.stringify(await eventsOf(req.messageKey), (_, v) => (typeof v === 'bigint' ? String(v) : v)),
      ).not.toContain(token);
      expect(JSON.stringify(await deliveryRow(req.messageKey))).not.toContain(token);
    });

    it('is what the sendEmail activity runs', async () => {
      const { sendEmail } = createEmailActivities({ eventStore, mailer });
      const req = request({ correlationId: undefined });

      const result = await sendEmail(req);

      expect(result.alreadySent).toBe(false);
      expect(sentTo(req.email.to)).toHaveLength(1);
      expect(await eventsOf(req.messageKey)).toHaveLength(1);
    });
  });

  describe('when the provider fails', () => {
    it('throws a retryable failure and records nothing while SendGrid answers 503, then sends', async () => {
      const req = request();
      sink.injectFailures({ status: 503, count: 2 });

      for (let attempt = 1; attempt <= 2; attempt++) {
        const failure = await failureOf(() => deliverEmail({ eventStore, mailer }, req));
        expect(failure.nonRetryable).toBe(false);
        expect(failure.type).toBe('MailUnavailable');
        expect(failure.message).toContain('503');
      }
      expect(sentTo(req.email.to)).toHaveLength(0);
      expect(await eventsOf(req.messageKey)).toHaveLength(0);
      expect(await deliveryRow(req.messageKey)).toBeNull();

      const result = await deliverEmail({ eventStore, mailer }, req);

      expect(result.alreadySent).toBe(false);
      expect(sentTo(req.email.to)).toHaveLength(1);
      expect(await eventsOf(req.messageKey)).toHaveLength(1);
      expect((await deliveryRow(req.messageKey))?.providerMessageId).toBe(result.providerMessageId);
    });

    it('throws a non-retryable failure when SendGrid answers 400', async () => {
      const req = request();
      sink.injectFailures({ status: 400, count: 1 });

      const failure = await failureOf(() => deliverEmail({ eventStore, mailer }, req));

      expect(failure.nonRetryable).toBe(true);
      expect(failure.type).toBe('MailRejected');
      expect(failure.message).toContain('400');
      expect(await eventsOf(req.messageKey)).toHaveLength(0);
    });

    it("throws a non-retryable failure naming the field SendGrid's validation rejects", async () => {
      const req = request();
      req.email = { ...req.email, to: 'not-an-address' };

      const failure = await failureOf(() => deliverEmail({ eventStore, mailer }, req));

      expect(failure.nonRetryable).toBe(true);
      expect(failure.type).toBe('MailRejected');
      expect(failure.message).toContain('personalizations.0.to.0.email');
      expect(failure.message).not.toContain(req.email.text);
      expect(await eventsOf(req.messageKey)).toHaveLength(0);
    });

    it('keeps retrying when SendGrid refuses the API key, so the email waits for the fix', async () => {
      const req = request();
      sink.injectFailures({ status: 401, count: 1 });

      const failure = await failureOf(() => deliverEmail({ eventStore, mailer }, req));

      expect(failure.nonRetryable).toBe(false);
      expect(failure.message).not.toContain('SG.local-sink');
    });

    it('throws a retryable failure when SendGrid is slower than the timeout', async () => {
      const req = request();
      // Far longer than the timeout, so giving up at the timeout is told apart from waiting, even on a busy machine.
      sink.injectFailures({ delayMs: TIMEOUT_MS * 20, count: 1 });

      const started = Date.now();
      const failure = await failureOf(() => deliverEmail({ eventStore, mailer }, req));

      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 8);
      expect(failure.nonRetryable).toBe(false);
      expect(failure.type).toBe('MailUnavailable');
      expect(failure.message).toMatch(/did not answer/);
      expect(await eventsOf(req.messageKey)).toHaveLength(0);
    });

    it('throws a retryable failure when SendGrid cannot be reached', async () => {
      const gone = await startMailSink();
      await gone.close();
      const offline = createMailer(mailConfig(gone.url), { timeoutMs: TIMEOUT_MS });
      const req = request();

      const failure = await failureOf(() => deliverEmail({ eventStore, mailer: offline }, req));

      expect(failure.nonRetryable).toBe(false);
      expect(failure.message).toContain('ECONNREFUSED');
      expect(await eventsOf(req.messageKey)).toHaveLength(0);
    });

    it('sends twice when the provider accepted a send the mailer had given up on (the documented gap)', async () => {
      const req = request();
      sink.injectFailures({ delayMs: TIMEOUT_MS * 2, count: 1 });

      await failureOf(() => deliverEmail({ eventStore, mailer }, req));
      expect(sentTo(req.email.to)).toHaveLength(0);
      // The sink answers (and captures) once its delay is over, after the mailer gave up.
      const deadline = Date.now() + 10_000;
      while (sentTo(req.email.to).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(sentTo(req.email.to)).toHaveLength(1);

      await deliverEmail({ eventStore, mailer }, req);

      expect(sentTo(req.email.to)).toHaveLength(2);
      expect(await eventsOf(req.messageKey)).toHaveLength(1);
    });
  });
});
