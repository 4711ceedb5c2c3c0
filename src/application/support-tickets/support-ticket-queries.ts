import type { Db } from '../../infra/db/prisma';
import type { SupportQueue } from '../../domain/support-tickets/support-ticket-events';
import type { SupportTicketStatus } from '../../domain/support-tickets/support-ticket';
import { SUPPORT_TICKET_CODES } from '../../domain/support-tickets/support-ticket-decisions';
import { DomainError } from '../../domain/shared/errors';
import type { UserDirectory } from '../identity/user-directory';
import { decodeCursor, encodeCursor, type Page, type PageQuery } from '../shared/page-cursor';

export interface SupportTicketSummaryView {
  id: string;
  subject: string;
  status: SupportTicketStatus;
  /** Null only for an instant: tickets are routed as they are recorded. */
  queue: SupportQueue | null;
  orderId: string | null;
  submittedAt: string;
  acknowledgedAt: string | null;
  lastReplyAt: string | null;
  closedAt: string | null;
  replyCount: number;
}

export interface SupportReplyView {
  id: string;
  body: string;
  sentAt: string;
}

/** A customer's own ticket with the staff replies (who replied stays with support). */
export interface SupportTicketView extends SupportTicketSummaryView {
  body: string;
  replies: SupportReplyView[];
}

export interface StaffSupportTicketSummaryView extends SupportTicketSummaryView {
  customerId: string;
}

export interface StaffSupportReplyView extends SupportReplyView {
  staffId: string;
}

export interface StaffSupportTicketView extends StaffSupportTicketSummaryView {
  /** The customer as identity knows them now; null if the account is gone. */
  customer: { id: string; name: string; email: string } | null;
  body: string;
  replies: StaffSupportReplyView[];
}

export interface RecordedSupportTicket {
  customerId: string;
  orderId: string | null;
  subject: string;
  body: string;
  status: SupportTicketStatus;
}

export interface SupportQueueQuery extends PageQuery {
  status?: SupportTicketStatus;
  queue?: SupportQueue;
}

interface TicketRow {
  id: string;
  customerId: string;
  orderId: string | null;
  subject: string;
  body: string;
  queue: string | null;
  status: string;
  submittedAt: Date;
  acknowledgedAt: Date | null;
  lastReplyAt: Date | null;
  closedAt: Date | null;
  replyCount: number;
}

interface MessageRow {
  id: string;
  staffId: string;
  body: string;
  sentAt: Date;
}

const NOT_FOUND = () => new DomainError('not_found', SUPPORT_TICKET_CODES.notFound, 'Support ticket not found');

/** Support tickets from the `support_tickets` read model: the support queue, and each customer's own tickets. */
export class SupportTicketQueries {
  constructor(
    private readonly db: Db,
    private readonly users: Pick<UserDirectory, 'findById'>,
  ) {}

  /** The support queue, oldest first: a queue is worked in the order customers asked. */
  async queue(query: SupportQueueQuery): Promise<Page<StaffSupportTicketSummaryView>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.db.supportTicket.findMany({
      where: {
        ...(query.status ? { status: query.status } : {}),
        ...(query.queue ? { queue: query.queue } : {}),
        ...(after ? { OR: [{ submittedAt: { gt: after.at } }, { submittedAt: after.at, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
      take: query.limit + 1,
    });
    return pageOf(rows, query.limit, (r) => ({ ...summaryOf(r), customerId: r.customerId }));
  }

  /** One ticket with its replies, for staff. */
  async forStaff(ticketId: string): Promise<StaffSupportTicketView> {
    const row = await this.db.supportTicket.findUnique({ where: { id: ticketId } });
    if (!row) throw NOT_FOUND();
    const [messages, customer] = await Promise.all([this.messages(ticketId), this.users.findById(row.customerId)]);
    return {
      ...summaryOf(row),
      customerId: row.customerId,
      customer: customer ? { id: customer.id, name: customer.name, email: customer.email } : null,
      body: row.body,
      replies: messages.map((m) => ({ ...replyOf(m), staffId: m.staffId })),
    };
  }

  /** The customer's tickets, newest first. */
  async listForCustomer(customerId: string, query: PageQuery): Promise<Page<SupportTicketSummaryView>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.db.supportTicket.findMany({
      where: {
        customerId,
        ...(after ? { OR: [{ submittedAt: { lt: after.at } }, { submittedAt: after.at, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    return pageOf(rows, query.limit, summaryOf);
  }

  /** One of the customer's tickets; anyone else's is not found, like an unknown id. */
  async getForCustomer(ticketId: string, customerId: string): Promise<SupportTicketView> {
    const row = await this.db.supportTicket.findUnique({ where: { id: ticketId } });
    if (!row || row.customerId !== customerId) throw NOT_FOUND();
    return { ...summaryOf(row), body: row.body, replies: (await this.messages(ticketId)).map(replyOf) };
  }

  /** What the write path checks before asking the workflow: the ticket as recorded, if it is. */
  async find(ticketId: string): Promise<RecordedSupportTicket | undefined> {
    const row = await this.db.supportTicket.findUnique({
      where: { id: ticketId },
      select: { customerId: true, orderId: true, subject: true, body: true, status: true },
    });
    return row ? { ...row, status: row.status as SupportTicketStatus } : undefined;
  }

  /** A recorded reply of the ticket, if any. */
  async reply(ticketId: string, replyId: string): Promise<StaffSupportReplyView | undefined> {
    const row = await this.db.supportTicketMessage.findUnique({ where: { id: replyId } });
    return row && row.ticketId === ticketId ? { ...replyOf(row), staffId: row.staffId } : undefined;
  }

  private messages(ticketId: string): Promise<MessageRow[]> {
    return this.db.supportTicketMessage.findMany({ where: { ticketId }, orderBy: { position: 'asc' } });
  }
}

function pageOf<T>(rows: TicketRow[], limit: number, view: (row: TicketRow) => T): Page<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(view),
    nextCursor: rows.length > limit ? encodeCursor({ at: last.submittedAt, id: last.id }) : null,
  };
}

function summaryOf(row: TicketRow): SupportTicketSummaryView {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status as SupportTicketStatus,
    queue: row.queue as SupportQueue | null,
    orderId: row.orderId,
    submittedAt: row.submittedAt.toISOString(),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    lastReplyAt: row.lastReplyAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    replyCount: row.replyCount,
  };
}

const replyOf = (m: MessageRow): SupportReplyView => ({ id: m.id, body: m.body, sentAt: m.sentAt.toISOString() });
