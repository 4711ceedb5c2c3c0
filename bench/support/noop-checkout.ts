import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Body, Controller, Headers, HttpCode, Inject, Module, Post, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { ProblemFilter } from '../../src/api/common/problem.filter';
import { requestContext } from '../../src/api/common/request-context';
import { DomainError } from '../../src/domain/shared/errors';
import { sha256 } from '../../src/infra/crypto/sha256';
import { deterministicId } from '../../src/infra/event-store/ids';
import { SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import { createNoopActivities, noopPlaceOrderUpdate, type NoopHold } from '../workflows/noop.contract';
import type { noopCheckoutWorkflow } from '../workflows/noop.workflow';

export const noopCheckoutWorkflowId = (orderId: string): string => `noop-checkout-${orderId}`;

/** Starts the no-op checkout exactly as CheckoutRequests starts the real one: update-with-start. */
export class NoopCheckouts {
  constructor(
    private readonly temporal: Client,
    private readonly taskQueue: string,
    private readonly tickets: number,
  ) {}

  async checkout(idempotencyKey: string, body: unknown): Promise<NoopHold> {
    const orderId = deterministicId('noop-order', idempotencyKey);
    const requestHash = sha256(JSON.stringify(body));
    return this.temporal.workflow.executeUpdateWithStart(noopPlaceOrderUpdate, {
      args: [{ requestHash }],
      startWorkflowOperation: new WithStartWorkflowOperation<typeof noopCheckoutWorkflow>('noopCheckoutWorkflow', {
        workflowId: noopCheckoutWorkflowId(orderId),
        taskQueue: this.taskQueue,
        args: [{ orderId, tickets: this.tickets, requestHash }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: SEARCH_ATTRIBUTES.orderStatus, value: 'Pending' },
          { key: SEARCH_ATTRIBUTES.customerId, value: orderId },
          { key: SEARCH_ATTRIBUTES.concertId, value: orderId },
        ],
      }),
    });
  }
}

@Controller('noop-checkout')
class NoopCheckoutController {
  constructor(@Inject(NoopCheckouts) private readonly checkouts: NoopCheckouts) {}

  @Post()
  @HttpCode(201)
  create(@Headers('idempotency-key') key: string | undefined, @Body() body: unknown): Promise<NoopHold> {
    if (!key) throw new DomainError('bad_request', 'idempotency_key_required', 'Send an Idempotency-Key header');
    return this.checkouts.checkout(key, body);
  }
}

function noopModule(checkouts: NoopCheckouts): Type {
  @Module({ controllers: [NoopCheckoutController], providers: [{ provide: NoopCheckouts, useValue: checkouts }] })
  class NoopCheckoutModule {}
  return NoopCheckoutModule;
}

export interface NoopCheckoutService {
  url: string;
  taskQueue: string;
  close(): Promise<void>;
}

/**
 * The floor for POST /checkout: the API's HTTP stack (adapter, request context, body parser, error
 * filter) in front of update-with-start of the no-op workflow, served by a worker of its own with
 * its own bundle on its own task queue of the same Temporal server. No sign-in, no database.
 */
export async function startNoopCheckout(options: {
  address: string;
  namespace: string;
  workflowCode: string;
  tickets: number;
  logger: Logger;
}): Promise<NoopCheckoutService> {
  const taskQueue = `bench-noop-${randomUUID()}`;
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const connection = await NativeConnection.connect({ address: options.address });
    closers.push(() => connection.close());
    const worker = await Worker.create({
      connection,
      namespace: options.namespace,
      taskQueue,
      activities: createNoopActivities(),
      workflowBundle: { code: options.workflowCode },
    });
    const running = worker.run();
    closers.push(async () => {
      worker.shutdown();
      await running;
    });

    // A client of its own, as the API has.
    const temporal = new Client({
      connection: Connection.lazy({ address: options.address }),
      namespace: options.namespace,
    });
    closers.push(() => temporal.connection.close());
    const app = await NestFactory.create<NestExpressApplication>(
      noopModule(new NoopCheckouts(temporal, taskQueue, options.tickets)),
      { logger: ['error', 'warn'], bodyParser: false },
    );
    closers.push(() => app.close());
    app.disable('x-powered-by');
    app.use(requestContext(options.logger));
    app.useBodyParser('json', { limit: '1mb' });
    app.useGlobalFilters(new ProblemFilter(options.logger));
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/noop-checkout`, taskQueue, close };
  } catch (err) {
    await close();
    throw err;
  }
}
