import { randomUUID } from 'node:crypto';
import { MAX_BODY_BYTES, startMailSink, type CapturedMessage, type MailSink } from '../../src/dev/mail-sink/server';

const AUTH = { Authorization: 'Bearer SG.test', 'Content-Type': 'application/json' };

const validBody = (overrides: Record<string, unknown> = {}) => ({
  personalizations: [{ to: [{ email: 'fan@example.com', name: 'Fan' }], cc: [{ email: 'cc@example.com' }] }],
  from: { email: 'tickets@boxoffice.test', name: 'Boxoffice' },
  reply_to: { email: 'support@boxoffice.test' },
  subject: 'Your tickets',
  content: [
    { type: 'text/plain', value: 'Here are your tickets.' },
    { type: 'text/html', value: '<p>Here are your tickets.</p>' },
  ],
  attachments: [
    {
      content: Buffer.from('%PDF-1.7 tickets').toString('base64'),
      filename: 'tickets.pdf',
      type: 'application/pdf',
      disposition: 'attachment',
    },
  ],
  custom_args: { messageKey: 'order-42' },
  headers: { 'X-Entity-Ref-ID': 'order-42' },
  ...overrides,
});

describe('mail sink', () => {
  let sink: MailSink;
  const send = (body: unknown, headers: Record<string, string> = AUTH) =>
    fetch(`${sink.url}/v3/mail/send`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    sink = await startMailSink();
  });
  afterAll(async () => {
    await sink.close();
  });
  beforeEach(() => {
    sink.clear();
    sink.clearFaults();
  });

  it('accepts a SendGrid v3 send with an attachment and answers 202 with an X-Message-Id', async () => {
    const res = await send(validBody());

    expect(res.status).toBe(202);
    const messageId = res.headers.get('x-message-id');
    expect(messageId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await res.text()).toBe('');

    const listed = (await (await fetch(`${sink.url}/api/messages`)).json()) as CapturedMessage[];
    expect(listed).toHaveLength(1);
    const [message] = listed;
    expect(message).toMatchObject({
      id: messageId,
      messageId,
      to: ['fan@example.com'],
      cc: ['cc@example.com'],
      bcc: [],
      from: 'tickets@boxoffice.test',
      fromName: 'Boxoffice',
      replyTo: 'support@boxoffice.test',
      subject: 'Your tickets',
      text: 'Here are your tickets.',
      html: '<p>Here are your tickets.</p>',
      customArgs: { messageKey: 'order-42' },
      headers: { 'X-Entity-Ref-ID': 'order-42' },
    });
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0]).toMatchObject({ filename: 'tickets.pdf', type: 'application/pdf' });
    expect(Buffer.from(message.attachments[0].content, 'base64').toString()).toBe('%PDF-1.7 tickets');
    expect(Number.isNaN(Date.parse(message.receivedAt))).toBe(false);
    expect(sink.messages()).toEqual(listed);
  });

  it('captures one email per personalization, each with its own subject', async () => {
    const res = await send(
      validBody({
        subject: undefined,
        personalizations: [
          { to: [{ email: 'a@example.com' }], subject: 'For A' },
          { to: [{ email: 'b@example.com' }], subject: 'For B' },
        ],
      }),
    );
    expect(res.status).toBe(202);
    const messageId = res.headers.get('x-message-id');
    expect(sink.messages().map((m) => [m.id, m.to, m.subject])).toEqual([
      [`${messageId}.0`, ['a@example.com'], 'For A'],
      [`${messageId}.1`, ['b@example.com'], 'For B'],
    ]);
  });

  it.each([
    ['no Authorization header', { 'Content-Type': 'application/json' }],
    ['an empty bearer token', { ...AUTH, Authorization: 'Bearer ' }],
    ['a non-bearer scheme', { ...AUTH, Authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers 401 with SendGrid errors for %s', async (_, headers) => {
    const res = await send(validBody(), headers);

    expect(res.status).toBe(401);
    const body = (await res.json()) as { errors: unknown[] };
    expect(body.errors).toEqual([
      { message: 'The provided authorization grant is invalid, expired, or revoked', field: null, help: null },
    ]);
    expect(sink.messages()).toHaveLength(0);
  });

  it('answers 400 naming every missing part of a malformed body', async () => {
    const res = await send({ personalizations: [], content: [] });

    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: Array<{ field: string; message: string; help: string }> };
    expect(errors.map((e) => e.field).sort()).toEqual(['content', 'from', 'personalizations', 'subject']);
    for (const e of errors) {
      expect(e.message.length).toBeGreaterThan(10);
      expect(e.help).toMatch(/^http:\/\/sendgrid\.com\/docs\//);
    }
    expect(sink.messages()).toHaveLength(0);
  });

  it.each([
    ['a bad recipient', { personalizations: [{ to: [{ email: 'not-an-address' }] }] }, 'personalizations.0.to.0.email'],
    ['a bad sender', { from: { email: 'nobody' } }, 'from.email'],
    [
      'html before text',
      {
        content: [
          { type: 'text/html', value: '<p>x</p>' },
          { type: 'text/plain', value: 'x' },
        ],
      },
      'content',
    ],
    ['an attachment without a filename', { attachments: [{ content: 'aGk=' }] }, 'attachments.0.filename'],
    [
      'an attachment that is not base64',
      { attachments: [{ content: 'not base64!', filename: 'a.txt' }] },
      'attachments.0.content',
    ],
    ['custom args that are not strings', { custom_args: { count: 3 } }, 'custom_args'],
  ])('answers 400 for %s', async (_, overrides, field) => {
    const res = await send(validBody(overrides));

    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: Array<{ field: string }> };
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(sink.messages()).toHaveLength(0);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await send('{"personalizations": [');

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'Bad Request', field: null, help: null }] });
  });

  it('answers 413 for a body over 30 MB', async () => {
    const huge = validBody({
      attachments: [{ content: 'A'.repeat(MAX_BODY_BYTES), filename: 'huge.bin', type: 'application/octet-stream' }],
    });

    const res = await send(huge);

    expect(res.status).toBe(413);
    expect(sink.messages()).toHaveLength(0);
  });

  it('fails the next sends as told through POST /api/faults, then recovers', async () => {
    const injected = await fetch(`${sink.url}/api/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 503, count: 2 }),
    });
    expect(injected.status).toBe(200);

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(validBody())).status);

    expect(statuses).toEqual([503, 503, 202]);
    expect(sink.messages()).toHaveLength(1);
  });

  it('answers a delayed send only after the delay', async () => {
    sink.injectFailures({ count: 1, delayMs: 300 });

    const started = Date.now();
    const res = await send(validBody());

    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(sink.messages()).toHaveLength(1);
  });

  it('refuses a fault it cannot apply', async () => {
    const res = await fetch(`${sink.url}/api/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 200, count: 1 }),
    });

    expect(res.status).toBe(400);
    expect(() => sink.injectFailures({ count: 0, status: 503 })).toThrow(RangeError);
    expect((await send(validBody())).status).toBe(202);
  });

  it('clears captured messages on DELETE /api/messages', async () => {
    await send(validBody());
    expect(sink.messages()).toHaveLength(1);

    const res = await fetch(`${sink.url}/api/messages`, { method: 'DELETE' });

    expect(res.status).toBe(204);
    expect(sink.messages()).toHaveLength(0);
  });

  it('lists captured messages for people at /, escaping what it shows', async () => {
    const subject = `Tickets <b>${randomUUID()}</b>`;
    await send(validBody({ subject }));

    const res = await fetch(`${sink.url}/`);

    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain(subject.replace('<b>', '&lt;b&gt;').replace('</b>', '&lt;/b&gt;'));
    expect(html).not.toContain('<b>');
    expect(html).toContain('fan@example.com');
  });

  it('answers 404 for unknown paths and 405 for wrong methods', async () => {
    expect((await fetch(`${sink.url}/v3/nothing`)).status).toBe(404);
    expect((await fetch(`${sink.url}/v3/mail/send`)).status).toBe(405);
  });
});
