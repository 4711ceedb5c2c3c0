import { randomUUID } from 'node:crypto';
import { signUpOverHttp, startApiStack, type ApiTestStack, type HttpUser } from '../support/api-stack';
import { eventually } from '../support/stack';
import { countEvents, placeSupportTestOrder, supportMessageKeys, withKey } from '../support/support-tickets';
import { snapshotTables } from '../support/table-snapshot';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'support-admin-42' };
const SUPPORT_TABLES = ['support_tickets', 'support_ticket_messages'];

/**
 * Support tickets over HTTP on the real stack: a customer submits (202 at once), staff find the ticket in
 * the support queue, answer and close it, and the customer reads the answer and gets every email.
 */
describe('support tickets over HTTP', () => {
  let stack: ApiTestStack;
  let admin: string;
  let staff: HttpUser;
  let customer: HttpUser;
  let otherCustomer: HttpUser;

  beforeAll(async () => {
    stack = await startApiStack({ BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
    admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken as string;
    staff = await signUpOverHttp(stack, 'support-staff');
    const promoted = await stack.http('PUT', `/admin/users/${staff.id}/role`, {
      token: admin,
      body: { role: 'staff' },
    });
    expect(promoted.status).toBe(200);
    customer = await signUpOverHttp(stack, 'support-customer');
    otherCustomer = await signUpOverHttp(stack, 'support-other');
  });
  afterAll(() => stack?.stop());

  const submit = (user: HttpUser | undefined, body: unknown, headers: Record<string, string> = {}) =>
    stack.http('POST', '/support/tickets', { token: user?.token, body, headers });
  const recorded = (ticketId: string) =>
    eventually(async () => {
      const res = await stack.http('GET', `/admin/support/tickets/${ticketId}`, { token: staff.token });
      return res.status === 200 && res.body.acknowledgedAt ? res.body : undefined;
    });
  /** Every ticket of the queue with these filters, walking all pages. */
  const wholeQueue = async (query: string) => {
    const items: Array<{ id: string }> = [];
    let cursor: string | null = null;
    do {
      const res = await stack.http(
        'GET',
        `/admin/support/tickets?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        { token: staff.token },
      );
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  };

  it('takes a ticket from the customer to staff and back, by email too', async () => {
    const orderId = await placeSupportTestOrder(stack.infra, customer.id);
    const ticketKey = { 'Idempotency-Key': `ticket-${randomUUID()}` };
    const content = { subject: 'Tickets not received', body: 'I paid for <two> tickets but got no email.' };
    const submitted = await submit(customer, { ...content, orderId }, ticketKey);
    expect(submitted.status).toBe(202);
    expect(submitted.body).toEqual({ ticketId: expect.any(String), status: 'received' });
    const { ticketId } = submitted.body as { ticketId: string };
    expect(submitted.headers.get('location')).toBe(`/support/tickets/${ticketId}`);
    const later = await submit(customer, { subject: 'Second question', body: 'And another thing.' });
    expect(later.status).toBe(202);

    // Staff see it in the orders queue, oldest first, with the customer's details.
    const ticket = await recorded(ticketId);
    expect(ticket).toMatchObject({
      id: ticketId,
      customerId: customer.id,
      customer: { id: customer.id, email: customer.email },
      orderId,
      queue: 'orders',
      status: 'open',
      body: 'I paid for <two> tickets but got no email.',
      replies: [],
    });
    await recorded(later.body.ticketId);
    const open = await wholeQueue('status=open');
    const ids = open.map((t) => t.id);
    expect(ids.indexOf(ticketId)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(ticketId)).toBeLessThan(ids.indexOf(later.body.ticketId));
    expect((await wholeQueue('status=open&queue=orders')).map((t) => t.id)).toContain(ticketId);
    expect((await wholeQueue('status=open&queue=general')).map((t) => t.id)).not.toContain(ticketId);
    const ack = await eventually(() => withKey(stack.sink.messages(), supportMessageKeys.acknowledgement(ticketId))[0]);
    expect(ack.to).toEqual([customer.email]);
    // Retried once recorded, the order id in upper case: the same ticket.
    const resent = await submit(customer, { ...content, orderId: orderId.toUpperCase() }, ticketKey);
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual(submitted.body);

    // Staff reply; a retry with the same key is the same reply.
    const key = `reply-${randomUUID()}`;
    const reply = await stack.http('POST', `/admin/support/tickets/${ticketId}/reply`, {
      token: staff.token,
      body: { body: 'We sent them again: check your spam folder.' },
      headers: { 'Idempotency-Key': key },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ ticketId, replyId: expect.any(String), repliedAt: expect.any(String) });
    // Retried with the ticket id in upper case: ids are taken in any case.
    const retried = await stack.http('POST', `/admin/support/tickets/${ticketId.toUpperCase()}/reply`, {
      token: staff.token,
      body: { body: 'We sent them again: check your spam folder.' },
      headers: { 'Idempotency-Key': key },
    });
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(reply.body);

    // The customer sees the answer (not who gave it) and gets it by email.
    const mine = await stack.http('GET', `/support/tickets/${ticketId}`, { token: customer.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: ticketId, status: 'answered', replyCount: 1 });
    expect(mine.body.replies).toEqual([
      { id: reply.body.replyId, body: 'We sent them again: check your spam folder.', sentAt: reply.body.repliedAt },
    ]);
    const mail = await eventually(
      () => withKey(stack.sink.messages(), supportMessageKeys.reply(reply.body.replyId))[0],
    );
    expect(mail.to).toEqual([customer.email]);
    expect(mail.text).toContain('We sent them again: check your spam folder.');
    expect((await wholeQueue('status=answered')).map((t) => t.id)).toContain(ticketId);

    // Staff close it: the customer sees it closed and gets a notice.
    const closed = await stack.http('POST', `/admin/support/tickets/${ticketId.toUpperCase()}/close`, {
      token: staff.token,
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual({ ticketId, status: 'closed' });
    expect((await stack.http('GET', `/support/tickets/${ticketId}`, { token: customer.token })).body.status).toBe(
      'closed',
    );
    await eventually(() => withKey(stack.sink.messages(), supportMessageKeys.closed(ticketId))[0]);
    expect(stack.sink.messages().filter((m) => m.to.includes(customer.email))).toHaveLength(4);

    // The customer's own list, newest first, page by page; nobody else's tickets in it.
    const first = await stack.http('GET', '/support/tickets?limit=1', { token: customer.token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((t: { id: string }) => t.id)).toEqual([later.body.ticketId]);
    const second = await stack.http('GET', `/support/tickets?limit=1&cursor=${first.body.nextCursor}`, {
      token: customer.token,
    });
    expect(second.body).toMatchObject({ items: [{ id: ticketId, status: 'closed' }], nextCursor: null });
    const others = await stack.http('GET', '/support/tickets', { token: otherCustomer.token });
    expect(others.body).toEqual({ items: [], nextCursor: null });

    // An admin may work the queue as well.
    const asAdmin = await stack.http('POST', `/admin/support/tickets/${later.body.ticketId}/close`, { token: admin });
    expect(asAdmin.status).toBe(200);
  });

  it('documents the endpoints in OpenAPI', async () => {
    const res = await stack.http('GET', '/docs-json');
    expect(res.status).toBe(200);
    const submitDoc = res.body.paths['/support/tickets'].post;
    expect(submitDoc.requestBody.content['application/json'].schema.required).toEqual(['subject', 'body']);
    expect(Object.keys(submitDoc.responses)).toEqual(expect.arrayContaining(['202', '400', '401', '404', '422']));
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/support/tickets/{id}',
        '/admin/support/tickets',
        '/admin/support/tickets/{id}',
        '/admin/support/tickets/{id}/reply',
        '/admin/support/tickets/{id}/close',
      ]),
    );
  });

  describe('refuses bad requests with a clear 4xx and writes nothing', () => {
    let closedTicket: string;
    let openTicket: string;
    let foreignOrder: string;

    beforeAll(async () => {
      const opened = await submit(
        customer,
        { subject: 'Open one', body: 'Still open' },
        { 'Idempotency-Key': 'k-open' },
      );
      const toClose = await submit(customer, { subject: 'Closed one', body: 'To be closed' });
      openTicket = opened.body.ticketId;
      closedTicket = toClose.body.ticketId;
      await recorded(openTicket);
      await recorded(closedTicket);
      expect(
        (await stack.http('POST', `/admin/support/tickets/${closedTicket}/close`, { token: staff.token })).status,
      ).toBe(200);
      await eventually(() => withKey(stack.sink.messages(), supportMessageKeys.closed(closedTicket))[0]);
      const keyed = await stack.http('POST', `/admin/support/tickets/${openTicket}/reply`, {
        token: staff.token,
        body: { body: 'First answer' },
        headers: { 'Idempotency-Key': 'k-reply' },
      });
      expect(keyed.status).toBe(201);
      await eventually(() => withKey(stack.sink.messages(), supportMessageKeys.reply(keyed.body.replyId))[0]);
      foreignOrder = await placeSupportTestOrder(stack.infra, otherCustomer.id);
    });
    afterAll(async () => {
      await stack.http('POST', `/admin/support/tickets/${openTicket}/close`, { token: staff.token });
    });

    const cases: Array<[string, () => Promise<{ status: number; body: { code: string } }>, number, string]> = [
      [
        'an oversize subject',
        () => submit(customer, { subject: 's'.repeat(201), body: 'b' }),
        400,
        'validation_failed',
      ],
      [
        'an oversize body',
        () => submit(customer, { subject: 's', body: 'b'.repeat(10_001) }),
        400,
        'validation_failed',
      ],
      ['an empty subject', () => submit(customer, { subject: '   ', body: 'b' }), 400, 'validation_failed'],
      ['a missing body', () => submit(customer, { subject: 's' }), 400, 'validation_failed'],
      [
        'unknown fields',
        () => submit(customer, { subject: 's', body: 'b', priority: 'high' }),
        400,
        'validation_failed',
      ],
      [
        'an orderId not a uuid',
        () => submit(customer, { subject: 's', body: 'b', orderId: '42' }),
        400,
        'validation_failed',
      ],
      [
        'a malformed Idempotency-Key',
        () => submit(customer, { subject: 's', body: 'b' }, { 'Idempotency-Key': 'k'.repeat(256) }),
        400,
        'validation_failed',
      ],
      [
        "someone else's order",
        () => submit(customer, { subject: 's', body: 'b', orderId: foreignOrder }),
        404,
        'order_not_found',
      ],
      [
        'an unknown order',
        () => submit(customer, { subject: 's', body: 'b', orderId: randomUUID() }),
        404,
        'order_not_found',
      ],
      [
        'a reused Idempotency-Key with another body',
        () => submit(customer, { subject: 'Open one', body: 'Changed' }, { 'Idempotency-Key': 'k-open' }),
        422,
        'idempotency_key_reused',
      ],
      [
        'a submission without a token',
        () => submit(undefined, { subject: 's', body: 'b' }),
        401,
        'authentication_required',
      ],
      [
        'the queue for a customer',
        () => stack.http('GET', '/admin/support/tickets', { token: customer.token }),
        403,
        'role_required',
      ],
      ['the queue without a token', () => stack.http('GET', '/admin/support/tickets'), 401, 'authentication_required'],
      [
        'a reply by a customer',
        () =>
          stack.http('POST', `/admin/support/tickets/${openTicket}/reply`, {
            token: customer.token,
            body: { body: 'hi' },
          }),
        403,
        'role_required',
      ],
      [
        'a close by a customer',
        () => stack.http('POST', `/admin/support/tickets/${openTicket}/close`, { token: customer.token }),
        403,
        'role_required',
      ],
      [
        'a reply without a token',
        () => stack.http('POST', `/admin/support/tickets/${openTicket}/reply`, { body: { body: 'hi' } }),
        401,
        'authentication_required',
      ],
      [
        'a reply to an unknown ticket',
        () =>
          stack.http('POST', `/admin/support/tickets/${randomUUID()}/reply`, {
            token: staff.token,
            body: { body: 'hi' },
          }),
        404,
        'support_ticket_not_found',
      ],
      [
        'a close of an unknown ticket',
        () => stack.http('POST', `/admin/support/tickets/${randomUUID()}/close`, { token: staff.token }),
        404,
        'support_ticket_not_found',
      ],
      [
        'an unknown ticket for staff',
        () => stack.http('GET', `/admin/support/tickets/${randomUUID()}`, { token: staff.token }),
        404,
        'support_ticket_not_found',
      ],
      [
        "another customer's ticket",
        () => stack.http('GET', `/support/tickets/${openTicket}`, { token: otherCustomer.token }),
        404,
        'support_ticket_not_found',
      ],
      [
        'a reply to a closed ticket',
        () =>
          stack.http('POST', `/admin/support/tickets/${closedTicket}/reply`, {
            token: staff.token,
            body: { body: 'hi' },
          }),
        409,
        'ticket_closed',
      ],
      [
        'a second close',
        () => stack.http('POST', `/admin/support/tickets/${closedTicket}/close`, { token: staff.token }),
        409,
        'ticket_closed',
      ],
      [
        'an empty reply',
        () =>
          stack.http('POST', `/admin/support/tickets/${openTicket}/reply`, { token: staff.token, body: { body: ' ' } }),
        400,
        'validation_failed',
      ],
      [
        'an oversize reply',
        () =>
          stack.http('POST', `/admin/support/tickets/${openTicket}/reply`, {
            token: staff.token,
            body: { body: 'r'.repeat(10_001) },
          }),
        400,
        'validation_failed',
      ],
      [
        'a bad status filter',
        () => stack.http('GET', '/admin/support/tickets?status=pending', { token: staff.token }),
        400,
        'validation_failed',
      ],
      [
        'a bad queue filter',
        () => stack.http('GET', '/admin/support/tickets?queue=vip', { token: staff.token }),
        400,
        'validation_failed',
      ],
      [
        'a cursor the API did not hand out',
        () => stack.http('GET', '/admin/support/tickets?cursor=bm9wZQ', { token: staff.token }),
        400,
        'invalid_cursor',
      ],
      [
        'a malformed ticket id',
        () => stack.http('GET', '/support/tickets/not-a-uuid', { token: customer.token }),
        400,
        'validation_failed',
      ],
      [
        'a reply to a malformed ticket id',
        () =>
          stack.http('POST', '/admin/support/tickets/not-a-uuid/reply', { token: staff.token, body: { body: 'hi' } }),
        400,
        'validation_failed',
      ],
      [
        'a ticket of the queue read by a customer',
        () => stack.http('GET', `/admin/support/tickets/${openTicket}`, { token: customer.token }),
        403,
        'role_required',
      ],
      [
        'a reply key used again with another text',
        () =>
          stack.http('POST', `/admin/support/tickets/${openTicket}/reply`, {
            token: staff.token,
            body: { body: 'Second answer' },
            headers: { 'Idempotency-Key': 'k-reply' },
          }),
        422,
        'idempotency_key_reused',
      ],
      ...['0', '101', 'ten'].map((limit): (typeof cases)[number] => [
        `a page size of ${limit}`,
        () => stack.http('GET', `/support/tickets?limit=${limit}`, { token: customer.token }),
        400,
        'validation_failed',
      ]),
    ];

    it.each(cases)('%s', async (_name, request, status, code) => {
      const events = await countEvents(stack.infra);
      const tables = await snapshotTables(stack.infra.db, SUPPORT_TABLES);
      const mails = stack.sink.messages().length;
      const res = await request();
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(await countEvents(stack.infra)).toBe(events);
      expect(await snapshotTables(stack.infra.db, SUPPORT_TABLES)).toEqual(tables);
      await new Promise((r) => setTimeout(r, 200));
      expect(stack.sink.messages()).toHaveLength(mails);
    });
  });
});
