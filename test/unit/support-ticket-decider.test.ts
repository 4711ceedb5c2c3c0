import {
  evolveSupportTicket,
  initialSupportTicketState,
  supportTicketStatus,
  type SupportTicketState,
} from '../../src/domain/support-tickets/support-ticket';
import {
  acknowledgeSupportTicket,
  closeSupportTicket,
  replyToSupportTicket,
  submitSupportTicket,
} from '../../src/domain/support-tickets/support-ticket-decisions';
import type {
  SupportTicketEvent,
  SupportTicketSubmitted,
} from '../../src/domain/support-tickets/support-ticket-events';
import {
  routeSupportTicket,
  SUPPORT_TICKET_LIMITS,
  supportText,
} from '../../src/domain/support-tickets/support-ticket-rules';
import { refusalCode } from '../support/refusal';

const now = new Date('2026-12-01T09:00:05.000Z');
const later = new Date('2026-12-01T10:15:00.000Z');
const given = (...events: SupportTicketEvent[]): SupportTicketState =>
  events.reduce(evolveSupportTicket, initialSupportTicketState());

const submission: SupportTicketSubmitted['data'] = {
  ticketId: 't1',
  customerId: 'c1',
  orderId: null,
  subject: 'Tickets not received',
  body: 'I paid yesterday but got no email.',
  submittedAt: '2026-12-01T09:00:00.000Z',
};
const submitted = (data: Partial<SupportTicketSubmitted['data']> = {}): SupportTicketEvent[] =>
  submitSupportTicket(initialSupportTicketState(), { ...submission, ...data, now });
const reply = (replyId: string, body = 'We sent them again.') => ({ replyId, staffId: 's1', body, now: later });

describe('support ticket rules', () => {
  it('routes a ticket about an order to the orders queue, anything else to general', () => {
    expect(routeSupportTicket({ orderId: 'o1' })).toBe('orders');
    expect(routeSupportTicket({ orderId: null })).toBe('general');
  });

  it('trims text and keeps it within its limit', () => {
    expect(supportText('subject', '  Help  ')).toBe('Help');
    expect(supportText('subject', ` ${'s'.repeat(SUPPORT_TICKET_LIMITS.subjectMax)} `)).toHaveLength(200);
    expect(supportText('body', 'b'.repeat(SUPPORT_TICKET_LIMITS.bodyMax))).toHaveLength(10_000);
    expect(refusalCode(() => supportText('subject', 's'.repeat(201)))).toEqual({
      kind: 'invalid',
      code: 'subject_too_long',
    });
    expect(refusalCode(() => supportText('body', 'b'.repeat(10_001)))).toEqual({
      kind: 'invalid',
      code: 'body_too_long',
    });
    expect(refusalCode(() => supportText('subject', ' \n\t '))).toEqual({ kind: 'invalid', code: 'subject_empty' });
    expect(refusalCode(() => supportText('body', ''))).toEqual({ kind: 'invalid', code: 'body_empty' });
  });
});

describe('support ticket decisions', () => {
  it('records a submission and routes it in one step, with the times given', () => {
    expect(submitted({ orderId: 'o1', subject: '  Tickets not received ' })).toEqual([
      { type: 'SupportTicketSubmitted', data: { ...submission, orderId: 'o1' } },
      { type: 'SupportTicketRouted', data: { queue: 'orders', at: now.toISOString() } },
    ]);
    expect(submitted()[1]).toEqual({ type: 'SupportTicketRouted', data: { queue: 'general', at: now.toISOString() } });
  });

  it('refuses a submission over the limits', () => {
    expect(refusalCode(() => submitted({ subject: 'x'.repeat(201) }))).toEqual({
      kind: 'invalid',
      code: 'subject_too_long',
    });
    expect(refusalCode(() => submitted({ body: '   ' }))).toEqual({ kind: 'invalid', code: 'body_empty' });
  });

  it('decides nothing for the same submission again, and refuses another one under the same id', () => {
    const state = given(...submitted());
    expect(submitSupportTicket(state, { ...submission, submittedAt: later.toISOString(), now: later })).toEqual([]);
    expect(refusalCode(() => submitSupportTicket(state, { ...submission, body: 'Something else', now }))).toEqual({
      kind: 'conflict',
      code: 'support_ticket_exists',
    });
  });

  it('moves open → answered → closed', () => {
    let state = given(...submitted());
    expect(supportTicketStatus(state)).toBe('open');
    state = given(...submitted(), ...replyToSupportTicket(state, reply('r1')));
    expect(supportTicketStatus(state)).toBe('answered');
    expect(state.replies).toEqual([
      { replyId: 'r1', staffId: 's1', body: 'We sent them again.', at: later.toISOString() },
    ]);
    const closed = closeSupportTicket(state, { staffId: 's2', now: later });
    expect(closed).toEqual([{ type: 'SupportTicketClosed', data: { staffId: 's2', at: later.toISOString() } }]);
    expect(supportTicketStatus(closed.reduce(evolveSupportTicket, state))).toBe('closed');
  });

  it('closes a ticket nobody answered, and decides nothing when it is closed already', () => {
    const state = given(...submitted());
    const closed = closeSupportTicket(state, { staffId: 's1', now });
    expect(supportTicketStatus(closed.reduce(evolveSupportTicket, state))).toBe('closed');
    expect(closeSupportTicket(closed.reduce(evolveSupportTicket, state), { staffId: 's1', now: later })).toEqual([]);
  });

  it('refuses a reply to a closed ticket', () => {
    const state = given(...submitted(), {
      type: 'SupportTicketClosed',
      data: { staffId: 's1', at: now.toISOString() },
    });
    expect(refusalCode(() => replyToSupportTicket(state, reply('r1')))).toEqual({
      kind: 'conflict',
      code: 'ticket_closed',
    });
  });

  it('treats the same reply id as the same reply: nothing new, even after the close', () => {
    const first = replyToSupportTicket(given(...submitted()), reply('r1', '  We sent them again.  '));
    expect(first[0].data.body).toBe('We sent them again.');
    const state = given(...submitted(), ...first);
    expect(replyToSupportTicket(state, reply('r1'))).toEqual([]);
    const closed = given(...submitted(), ...first, ...closeSupportTicket(state, { staffId: 's1', now: later }));
    expect(replyToSupportTicket(closed, reply('r1'))).toEqual([]);
    expect(refusalCode(() => replyToSupportTicket(state, reply('r1', 'Another text')))).toEqual({
      kind: 'invalid',
      code: 'idempotency_key_reused',
    });
  });

  it('refuses a reply over the limit or empty', () => {
    const state = given(...submitted());
    expect(refusalCode(() => replyToSupportTicket(state, reply('r1', 'x'.repeat(10_001))))).toEqual({
      kind: 'invalid',
      code: 'body_too_long',
    });
    expect(refusalCode(() => replyToSupportTicket(state, reply('r1', ' ')))).toEqual({
      kind: 'invalid',
      code: 'body_empty',
    });
  });

  it('acknowledges once', () => {
    const state = given(...submitted());
    const ack = acknowledgeSupportTicket(state, { messageKey: 'k', providerMessageId: 'm1', now });
    expect(ack).toEqual([
      { type: 'SupportTicketAcknowledged', data: { messageKey: 'k', providerMessageId: 'm1', at: now.toISOString() } },
    ]);
    expect(
      acknowledgeSupportTicket(given(...submitted(), ...ack), { messageKey: 'k', providerMessageId: 'm2', now }),
    ).toEqual([]);
  });

  it('refuses anything on a ticket that was never submitted', () => {
    const none = initialSupportTicketState();
    const notFound = { kind: 'not_found', code: 'support_ticket_not_found' };
    expect(refusalCode(() => replyToSupportTicket(none, reply('r1')))).toEqual(notFound);
    expect(refusalCode(() => closeSupportTicket(none, { staffId: 's1', now }))).toEqual(notFound);
    expect(refusalCode(() => acknowledgeSupportTicket(none, { messageKey: 'k', providerMessageId: 'm', now }))).toEqual(
      notFound,
    );
  });
});
