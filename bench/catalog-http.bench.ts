import { envCount } from './config';
import { CITIES, loadCatalog, resetCatalog, settleTables, TICKET_LEVELS } from './http/catalog-data';
import { measureTarget, type HttpTarget, type LoadSettings } from './http/measure';
import { startServers } from './http/servers';
import { checkDetails, checkListPage, checkPing, collectConcertIds } from './http/verify';
import type { BenchContext, BenchEntry, HttpRow } from './types';

const SUITE = 'catalog-http';
const PAGE = 20;

function settings(): LoadSettings {
  return {
    connections: envCount('BENCH_HTTP_CONNECTIONS', 32, 32),
    durationSec: envCount('BENCH_HTTP_SECONDS', 10, 3),
    warmupSec: envCount('BENCH_HTTP_WARMUP_SECONDS', 2, 1),
  };
}

/**
 * The public catalog's read path under concurrent load, beside a trivial endpoint served by the
 * same process in the same run. The database is emptied and the concerts loaded afresh every run.
 */
export const catalogHttpBench: BenchEntry = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<HttpRow[]> {
    const concerts = envCount('BENCH_CONCERTS', 1000, 1000);
    // The checks below expect a full page for one city, so an empty or thin catalog cannot pass them.
    const fewest = CITIES.length * (PAGE + 1);
    if (concerts < fewest) throw new Error(`BENCH_CONCERTS must be at least ${fewest}, got ${concerts}`);
    const load = settings();
    await resetCatalog(ctx.databaseUrl);
    const servers = await startServers(ctx.databaseUrl);
    try {
      const loadedInMs = await loadCatalog(servers.api.app, concerts);
      await settleTables(ctx.databaseUrl);
      process.stderr.write(`bench: ${concerts} concerts put on sale in ${(loadedInMs / 1000).toFixed(1)} s\n`);

      const levels = TICKET_LEVELS.length;
      const city = CITIES[0];
      const listPath = `/concerts?limit=${PAGE}`;
      const cityPath = `${listPath}&city=${city}`;
      await checkPing(servers.pingUrl);
      const ids = await collectConcertIds(servers.apiUrl, concerts, levels);
      await checkListPage(servers.apiUrl, listPath, PAGE);
      await checkListPage(servers.apiUrl, cityPath, PAGE, city);
      await checkDetails(servers.apiUrl, [ids[0], ids[ids.length >> 1], ids[ids.length - 1]], levels);

      // The baseline first, so every other row can be divided by it.
      const targets: HttpTarget[] = [
        { scenario: 'ping', label: 'GET /ping', url: servers.pingUrl, paths: ['/ping'] },
        { scenario: 'list', label: `GET ${listPath}`, url: servers.apiUrl, paths: [listPath] },
        { scenario: 'list-city', label: `GET ${cityPath}`, url: servers.apiUrl, paths: [cityPath] },
        {
          scenario: 'details',
          label: `GET /concerts/:id (${ids.length} ids)`,
          url: servers.apiUrl,
          paths: ids.map((id) => `/concerts/${id}`),
        },
      ];
      const rows: HttpRow[] = [];
      for (const target of targets) {
        process.stderr.write(`bench: ${target.label} for ${load.durationSec} s\n`);
        rows.push(await measureTarget(SUITE, target, load));
      }
      const [ping, ...measured] = rows;
      for (const row of measured) row.ratio = row.requestsPerSec / ping.requestsPerSec;
      return rows;
    } finally {
      await servers.close();
    }
  },
};
