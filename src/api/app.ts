import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { RoleAdministration } from '../application/identity/roles-admin';
import { ConfigError } from '../config/config';
import { DomainError } from '../domain/shared/errors';
import type { Infrastructure } from '../infra/infrastructure';
import { createTemporalClient } from '../infra/temporal/client';
import { AppModule } from './app.module';
import { bodyParserErrors } from './common/body-parser-errors';
import { ProblemFilter } from './common/problem.filter';
import { requestContext } from './common/request-context';

export interface ApiApp {
  app: NestExpressApplication;
  temporal: Client;
  close(): Promise<void>;
}

/** Builds the HTTP API on the given infrastructure (used by main.ts and by end-to-end tests). */
export async function createApi(infra: Infrastructure, logger: Logger): Promise<ApiApp> {
  const temporal = createTemporalClient(infra.config.temporal);

  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(infra, temporal), {
    logger: ['error', 'warn'],
    bodyParser: false,
    // Keeps each JSON body's bytes beside the parsed body (same parser, same 1mb limit): Stripe's
    // webhook signature covers the exact bytes, which re-serialising the parsed JSON cannot give back.
    rawBody: true,
  });
  app.set('trust proxy', infra.config.http.trustProxy);
  app.disable('x-powered-by');
  app.use(requestContext(logger));
  app.useBodyParser('json', { limit: '1mb' });
  app.use(bodyParserErrors);
  app.useGlobalFilters(new ProblemFilter(logger));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Boxoffice API')
      .setDescription('Concert ticketing and subscription billing. Errors are application/problem+json.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  const admin = infra.config.bootstrapAdmin;
  if (admin) {
    try {
      const outcome = await app.get(RoleAdministration).ensureBootstrapAdmin(admin.email, admin.password);
      logger.info({ outcome }, 'bootstrap admin checked');
    } catch (err) {
      // A bootstrap admin that cannot be created is a configuration mistake: say which variable.
      if (err instanceof DomainError) {
        const variable = err.code === 'bootstrap_email_taken' ? 'BOOTSTRAP_ADMIN_EMAIL' : 'BOOTSTRAP_ADMIN_PASSWORD';
        throw new ConfigError([`${variable}: ${err.message}`]);
      }
      throw err;
    }
  }

  return {
    app,
    temporal,
    close: async () => {
      await app.close();
      await temporal.connection.close();
    },
  };
}
