import 'reflect-metadata';
import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { ProblemFilter } from '../../src/api/common/problem.filter';
import { requestContext } from '../../src/api/common/request-context';

@Controller('ping')
class PingController {
  @Get()
  ping() {
    return { status: 'ok' };
  }

  /** Accepts any JSON body and does nothing with it: the floor for POSTs answered 202 at once. */
  @Post()
  @HttpCode(202)
  accept() {
    return { status: 'accepted' };
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

/**
 * The floor for the catalog's figures (GET /ping) and for support-ticket intake (POST /ping): a
 * NestJS app with the real API's adapter, middleware, body parser and error filter but handlers
 * that do nothing, so the ratio isolates our own path.
 */
export async function createPingApp(logger: Logger): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(PingModule, {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.use(requestContext(logger));
  app.useBodyParser('json', { limit: '1mb' });
  app.useGlobalFilters(new ProblemFilter(logger));
  return app;
}
