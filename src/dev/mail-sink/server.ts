import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultQueue, type MailFault } from './faults';
import { renderInboxPage } from './inbox-page';
import { newMessageId, parseSendRequest, type CapturedMessage, type SendGridError } from './sendgrid-request';

export type { CapturedMessage, CapturedAttachment } from './sendgrid-request';
export type { MailFault } from './faults';

/** SendGrid's limit for a whole message, attachments included. */
export const MAX_BODY_BYTES = 30 * 1024 * 1024;

export interface MailSinkOptions {
  port?: number;
  host?: string;
}

export interface MailSink {
  url: string;
  port: number;
  /** Captured emails, oldest first. */
  messages(): CapturedMessage[];
  /** Forgets the captured emails. */
  clear(): void;
  /** Makes the next `count` sends fail with `status` and/or answer only after `delayMs`. */
  injectFailures(fault: MailFault): void;
  /** Drops faults not used up yet. */
  clearFaults(): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for SendGrid's v3 mail API: it validates and captures what would be sent, and can
 * simulate the provider being down or slow. Development and tests only; it keeps everything in memory.
 */
export async function startMailSink({ port = 0, host = '127.0.0.1' }: MailSinkOptions = {}): Promise<MailSink> {
  const captured: CapturedMessage[] = [];
  const faults = new FaultQueue();
  const timers = new Set<NodeJS.Timeout>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function handleSend(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (body === 'too-large') return sendErrors(res, 413, [error('Request entity too large', null)]);

    // Faults model the provider itself failing, so they apply before anything is checked.
    const fault = faults.take();
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.status) return sendErrors(res, fault.status, [error(STATUS_CODES[fault.status] ?? 'Error', null)]);

    if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
      return sendErrors(res, 401, [error('The provided authorization grant is invalid, expired, or revoked', null)]);
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return sendErrors(res, 400, [error('Bad Request', null)]);
    }
    const messageId = newMessageId();
    const parsed = parseSendRequest(json, messageId, new Date());
    if (!parsed.ok) return sendErrors(res, 400, parsed.errors);
    captured.push(...parsed.messages);
    res.writeHead(202, { 'X-Message-Id': messageId, 'Content-Length': '0' }).end();
  }

  async function handleFaults(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (body === 'too-large') return sendErrors(res, 413, [error('Request entity too large', null)]);
    try {
      faults.add(JSON.parse(body.toString('utf8') || '{}') as MailFault);
    } catch (err) {
      return sendErrors(res, 400, [error(err instanceof RangeError ? err.message : 'Bad Request', null)]);
    }
    sendJson(res, 200, { pending: faults.pending() });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://sink').pathname;
    const method = req.method ?? 'GET';
    const routes: Record<string, Record<string, () => Promise<void> | void>> = {
      '/v3/mail/send': { POST: () => handleSend(req, res) },
      '/api/messages': {
        GET: () => sendJson(res, 200, captured),
        DELETE: () => {
          captured.length = 0;
          res.writeHead(204).end();
        },
      },
      '/api/faults': {
        GET: () => sendJson(res, 200, { pending: faults.pending() }),
        POST: () => handleFaults(req, res),
        DELETE: () => {
          faults.clear();
          res.writeHead(204).end();
        },
      },
      '/': {
        GET: () => {
          const html = renderInboxPage(captured);
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
        },
      },
    };
    const handlers = routes[path];
    if (!handlers) return sendErrors(res, 404, [error('Not Found', null)]);
    const handler = handlers[method];
    if (!handler) return sendErrors(res, 405, [error('Method Not Allowed', null)]);
    await handler();
  }

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendErrors(res, 500, [error('Internal Server Error', null)]);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${bound}`,
    port: bound,
    messages: () => captured.map((m) => structuredClone(m)),
    clear: () => {
      captured.length = 0;
    },
    injectFailures: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Delayed sends would otherwise hold the server open until their clients give up.
      server.closeAllConnections();
      await closed;
    },
  };
}

function error(message: string, field: string | null): SendGridError {
  return { message, field, help: null };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
}

function sendErrors(res: ServerResponse, status: number, errors: SendGridError[]): void {
  sendJson(res, status, { errors });
}

/**
 * Reads the whole body, keeping at most MAX_BODY_BYTES. An oversized body is still drained so the
 * client reliably sees the 413 instead of a reset connection.
 */
async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks);
}
