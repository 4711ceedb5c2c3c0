import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { createApi, type ApiApp } from '../../src/api/app';
import { loadConfig } from '../../src/config/config';
import { createInfrastructure, type Infrastructure } from '../../src/infra/infrastructure';
import { createLogger } from '../../src/infra/logging/logger';
import { createPingApp } from './ping-app';

export interface Servers {
  api: ApiApp;
  infra: Infrastructure;
  apiUrl: string;
  pingUrl: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * The real API on the bench database and the trivial app, both in this process on free loopback
 * ports. Temporal connects lazily and the GET routes never touch it, so no Temporal server is needed.
 */
export async function startServers(databaseUrl: string): Promise<Servers> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    // Request logging off in both apps alike; the line is still built, as in production, just not written.
    LOG_LEVEL: 'silent',
    // A bootstrap admin from the developer's shell has no business in the bench database.
    BOOTSTRAP_ADMIN_EMAIL: undefined,
    BOOTSTRAP_ADMIN_PASSWORD: undefined,
  });
  const logger = createLogger(config.logLevel);
  const infra = createInfrastructure(config);
  const closers: Array<() => Promise<void>> = [() => infra.close()];
  const close = async () => {
    for (const closer of [...closers].reverse()) await closer();
  };
  try {
    const api = await createApi(infra, logger.child({ component: 'api' }));
    closers.push(() => api.close());
    const ping = await createPingApp(logger.child({ component: 'ping' }));
    closers.push(() => ping.close());
    const apiUrl = await listen(api.app);
    const pingUrl = await listen(ping);
    return { api, infra, apiUrl, pingUrl, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, HOST);
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://${HOST}:${port}`;
}
