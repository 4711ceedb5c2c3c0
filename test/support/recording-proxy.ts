import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through the proxy (Stripe's SDK sends form-encoded bodies). */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/payment_intents`. */
  path: string;
  idempotencyKey?: string;
  body: string;
  params: URLSearchParams;
  /** The status the target answered; undefined when the proxy cut the exchange short. */
  status?: number;
}

/**
 * What the proxy does with the next requests: `forward` (the default), `refuse` (drop the connection
 * before the target sees the request) or `lose-response` (the target handles it, the caller never
 * hears back — the classic "was I charged?" failure).
 */
export type ProxyFault = 'refuse' | 'lose-response';

export interface RecordingProxy {
  url: string;
  requests: RecordedRequest[];
  /** `POST /v1/payment_intents`, optionally only those with this idempotency key. */
  chargeRequests(idempotencyKey?: string): RecordedRequest[];
  /** How many requests each idempotency key carried, for one method and path prefix. */
  countByIdempotencyKey(method?: string, pathPrefix?: string): Map<string, number>;
  /** Applies `fault` to the next `count` requests matching `match` (all requests when omitted). */
  injectFault(fault: ProxyFault, count?: number, match?: (req: RecordedRequest) => boolean): void;
  clear(): void;
  close(): Promise<void>;
}

/**
 * A tiny HTTP proxy that records every request on its way to `targetUrl` (stripe-mock): tests see
 * exactly what reached the provider, with its Idempotency-Key, and can make the network fail.
 */
export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  const requests: RecordedRequest[] = [];
  const faults: Array<{ fault: ProxyFault; left: number; match: (req: RecordedRequest) => boolean }> = [];

  const takeFault = (req: RecordedRequest): ProxyFault | undefined => {
    const found = faults.find((f) => f.left > 0 && f.match(req));
    if (!found) return undefined;
    found.left -= 1;
    return found.fault;
  };

  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = incoming.headers['idempotency-key'];
      const recorded: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: (incoming.url ?? '/').split('?')[0],
        idempotencyKey: Array.isArray(key) ? key[0] : key,
        body: body.toString(),
        params: new URLSearchParams(body.toString()),
      };
      requests.push(recorded);
      const fault = takeFault(recorded);
      if (fault === 'refuse') {
        incoming.socket.destroy();
        return;
      }
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: target.host },
        },
        (answer) => {
          recorded.status = answer.statusCode;
          if (fault === 'lose-response') {
            answer.resume();
            answer.on('end', () => incoming.socket.destroy());
            return;
          }
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstream.on('error', () => outgoing.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    chargeRequests: (idempotencyKey) =>
      requests.filter(
        (r) =>
          r.method === 'POST' &&
          r.path === '/v1/payment_intents' &&
          (idempotencyKey === undefined || r.idempotencyKey === idempotencyKey),
      ),
    countByIdempotencyKey(method = 'POST', pathPrefix = '/v1/') {
      const counts = new Map<string, number>();
      for (const r of requests) {
        if (r.method !== method || !r.path.startsWith(pathPrefix) || !r.idempotencyKey) continue;
        counts.set(r.idempotencyKey, (counts.get(r.idempotencyKey) ?? 0) + 1);
      }
      return counts;
    },
    injectFault(fault, count = 1, match = () => true) {
      faults.push({ fault, left: count, match });
    },
    clear() {
      requests.length = 0;
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
