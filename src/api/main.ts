import { exitOnStartupError, loadConfig } from '../config/config';
import { loadDotEnv } from '../config/dotenv';
import { createInfrastructure } from '../infra/infrastructure';
import { createLogger } from '../infra/logging/logger';
import { createApi } from './app';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config.logLevel).child({ component: 'api' });
  const infra = createInfrastructure(config);
  const api = await createApi(infra, logger);
  await api.app.listen(config.http.port);
  logger.info({ url: config.http.baseUrl, docs: `${config.http.baseUrl}/docs` }, 'api listening');
  const stop = async () => {
    await api.close();
    await infra.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(exitOnStartupError);
