// `npm start`: sets the checkout up (scripts/setup.mjs), then runs and supervises the local stack:
// Temporal dev server, stripe-mock, the mail sink, the worker and the API. Each child's output is
// prefixed with its name. Crashed children are restarted with back-off; Ctrl-C stops everything.
//
// Environment (all optional):
//   PORT (3000)  TEMPORAL_PORT (7233)  TEMPORAL_UI_PORT (8233)  MAIL_SINK_PORT (8025)
//   STRIPE_MOCK_PORT (12111)  STRIPE_MOCK_HTTPS_PORT (STRIPE_MOCK_PORT + 1)
//   TEMPORAL_ADDRESS   use that Temporal server instead of starting the dev server
//   STRIPE_SECRET_KEY  use Stripe instead of stripe-mock
//   SENDGRID_API_KEY   use SendGrid instead of the mail sink

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_DATABASE_URL, ROOT, TOOLS_BIN, loadDotEnv, setup } from './setup.mjs';

const SHUTDOWN_GRACE_MS = 10_000;
const READY_TIMEOUT_MS = 90_000;
const MAX_BACKOFF_MS = 30_000;
/** Exit code of the API and the worker when the environment is invalid (sysexits EX_CONFIG). */
const EXIT_CONFIG = 78;
const STABLE_AFTER_MS = 60_000; // a child that ran this long starts its back-off from 1 s again

const useColor = (process.stdout.isTTY && !process.env.NO_COLOR) || Boolean(process.env.FORCE_COLOR);
const paint = (code, text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
const NAME_WIDTH = 8;

function say(message) {
  console.log(`${paint('1', 'start'.padEnd(NAME_WIDTH))} ${paint('2', '|')} ${message}`);
}
function warn(message) {
  console.error(`${paint('1;31', 'start'.padEnd(NAME_WIDTH))} ${paint('2', '|')} ${paint('31', message)}`);
}

function intEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    warn(`${name}=${raw} is not a valid port number`);
    process.exit(1);
  }
  return value;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when something accepts TCP connections on host:port. */
function canConnect(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True when the port cannot be bound (in use on any address) or already answers on 127.0.0.1. */
async function portInUse(port) {
  if (await canConnect(port)) return true;
  const tryListen = (host) =>
    new Promise((resolve) => {
      const server = createServer();
      server.once('error', (err) => resolve(err.code));
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('ok')));
    });
  let result = await tryListen('::');
  if (result === 'EAFNOSUPPORT' || result === 'EADDRNOTAVAIL') result = await tryListen('0.0.0.0');
  return result === 'EADDRINUSE';
}

// ---------------------------------------------------------------------------------------------
// supervised children

const COLORS = ['35', '33', '36', '32', '34', '95', '93'];
const services = [];
let stopping = false;

class Service {
  constructor({ name, command, args, env, kind, port, extraPorts = [], quietOnStop = false }) {
    Object.assign(this, { name, command, args, env, kind, port, extraPorts, quietOnStop });
    this.color = COLORS[services.length % COLORS.length];
    this.child = undefined;
    this.crashes = 0;
    this.restartTimer = undefined;
    services.push(this);
  }

  get running() {
    return this.child !== undefined;
  }

  print(line, isErr) {
    if (stopping && this.quietOnStop) return;
    const prefix = `${paint(this.color, this.name.padEnd(NAME_WIDTH))} ${paint('2', '|')} `;
    (isErr ? process.stderr : process.stdout).write(`${prefix}${line}\n`);
  }

  start() {
    this.restartTimer = undefined;
    if (stopping) return;
    const startedAt = Date.now();
    let child;
    try {
      // Own process group (detached), so the whole group can be signalled and nothing is left behind.
      child = spawn(this.command, this.args, {
        cwd: ROOT,
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
    } catch (err) {
      this.print(`could not start: ${err.message}`, true);
      this.scheduleRestart(startedAt);
      return;
    }
    this.child = child;
    createInterface({ input: child.stdout }).on('line', (line) => this.print(line, false));
    createInterface({ input: child.stderr }).on('line', (line) => this.print(line, true));
    let ended = false;
    const onEnd = (description) => {
      if (ended) return;
      ended = true;
      if (this.child === child) this.child = undefined;
      killGroup(child, 'SIGKILL'); // anything the child left behind in its group
      this.exitWaiters?.forEach((resolve) => resolve());
      this.exitWaiters = undefined;
      if (stopping) return;
      this.print(paint('31', description), true);
      if (description === `exited with code ${EXIT_CONFIG}`) {
        // A configuration error does not go away by restarting: stop with the message already shown.
        void shutdown(`${this.name} has a configuration error`, 1);
        return;
      }
      this.scheduleRestart(startedAt);
    };
    child.once('error', (err) => onEnd(`failed: ${err.message}`));
    child.once('exit', (code, signal) => onEnd(signal ? `killed by ${signal}` : `exited with code ${code}`));
  }

  scheduleRestart(startedAt) {
    if (stopping) return;
    if (Date.now() - startedAt >= STABLE_AFTER_MS) this.crashes = 0;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.crashes);
    this.crashes += 1;
    this.print(paint('33', `restarting in ${delay / 1000} s (restart #${this.crashes})`), true);
    this.restartTimer = setTimeout(() => this.start(), delay);
  }

  /** Resolves when the current child has exited (immediately if none). */
  exited() {
    if (!this.child) return Promise.resolve();
    return new Promise((resolve) => (this.exitWaiters ??= []).push(resolve));
  }

  signal(sig) {
    if (this.child) killGroup(this.child, sig);
  }
}

function killGroup(child, sig) {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    try {
      child.kill(sig);
    } catch {
      // already gone
    }
  }
}

/** Waits until all of the service's ports accept connections; fails if it takes too long. */
async function waitUntilListening(service, timeoutMs = READY_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  const ports = [service.port, ...service.extraPorts];
  const pending = new Set(ports);
  while (Date.now() < deadline) {
    if (stopping) return false;
    if (service.running) {
      for (const port of [...pending]) if (await canConnect(port)) pending.delete(port);
      if (pending.size === 0) return true;
    }
    await sleep(200);
  }
  throw new Error(
    `${service.name} did not accept connections on port ${[...pending].join(', ')} within ${timeoutMs / 1000} s`,
  );
}

async function shutdown(reason, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  say(`${reason}: stopping…`);
  for (const s of services) clearTimeout(s.restartTimer);
  const deadline = Date.now() + SHUTDOWN_GRACE_MS;
  const within = (promise, ms) => Promise.race([promise, sleep(Math.max(0, ms))]);

  // Applications first, so the worker can finish in-flight tasks while Temporal is still up.
  const apps = services.filter((s) => s.kind === 'app' && s.running);
  apps.forEach((s) => s.signal('SIGTERM'));
  await within(Promise.all(apps.map((s) => s.exited())), SHUTDOWN_GRACE_MS / 2);

  const rest = services.filter((s) => s.running && s.kind !== 'app');
  rest.forEach((s) => s.signal('SIGTERM'));
  await within(Promise.all(rest.map((s) => s.exited())), deadline - Date.now());

  const stragglers = services.filter((s) => s.running);
  for (const s of stragglers) {
    warn(`${s.name} did not stop within ${SHUTDOWN_GRACE_MS / 1000} s; killing it`);
    s.signal('SIGKILL');
  }
  await within(Promise.all(stragglers.map((s) => s.exited())), 2000);
  say('stopped');
  process.exit(exitCode);
}

// Last resort if the supervisor itself dies unexpectedly: take every child group with it.
process.on('exit', () => {
  for (const s of services) s.signal('SIGKILL');
});

// ---------------------------------------------------------------------------------------------

async function main() {
  // Ports come from the environment, which .env may extend: load it before checking them.
  loadDotEnv();

  const ports = {
    api: intEnv('PORT', 3000),
    temporal: intEnv('TEMPORAL_PORT', 7233),
    temporalUi: intEnv('TEMPORAL_UI_PORT', 8233),
    mailSink: intEnv('MAIL_SINK_PORT', 8025),
    stripe: intEnv('STRIPE_MOCK_PORT', 12111),
  };
  ports.stripeHttps = intEnv('STRIPE_MOCK_HTTPS_PORT', ports.stripe + 1);

  const localTemporal = !process.env.TEMPORAL_ADDRESS;
  const localStripe = !process.env.STRIPE_SECRET_KEY;
  const localMail = !process.env.SENDGRID_API_KEY;

  const entries = {
    mailSink: join(ROOT, 'dist', 'src', 'dev', 'mail-sink', 'main.js'),
    worker: join(ROOT, 'dist', 'worker.js'),
    api: join(ROOT, 'dist', 'src', 'api', 'main.js'),
  };

  // Fail fast, before setup touches anything a running stack is using.
  const wanted = [
    ['API', 'PORT', ports.api, true],
    ['Temporal gRPC', 'TEMPORAL_PORT', ports.temporal, localTemporal],
    ['Temporal Web UI', 'TEMPORAL_UI_PORT', ports.temporalUi, localTemporal],
    ['stripe-mock HTTP', 'STRIPE_MOCK_PORT', ports.stripe, localStripe],
    ['stripe-mock HTTPS', 'STRIPE_MOCK_HTTPS_PORT', ports.stripeHttps, localStripe],
    ['mail sink', 'MAIL_SINK_PORT', ports.mailSink, localMail],
  ].filter(([, , , needed]) => needed);
  const seen = new Map();
  for (const [label, variable, port] of wanted) {
    if (seen.has(port)) {
      warn(`${label} and ${seen.get(port)} are both configured for port ${port}; set ${variable} to another port`);
      process.exit(1);
    }
    seen.set(port, label);
  }
  const busy = [];
  for (const [label, variable, port] of wanted) {
    if (await portInUse(port)) busy.push(`port ${port} (${label}, ${variable}) is already in use`);
  }
  if (busy.length) {
    busy.forEach(warn);
    warn('Is another `npm start` already running? Stop it, or choose other ports with the variables above.');
    process.exit(1);
  }

  try {
    await setup({ test: false });
  } catch (err) {
    if (!err.reported) warn(err.stack ?? String(err));
    process.exit(1);
  }

  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
  // `kill <npm pid>` ends npm and its shell without signalling us; notice being orphaned.
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentPid) void shutdown('parent process exited');
  }, 1000).unref();

  const appEnv = {
    ...process.env,
    PORT: String(ports.api),
    APP_BASE_URL: process.env.APP_BASE_URL || `http://localhost:${ports.api}`,
    DATABASE_URL: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
    MAIL_SINK_PORT: String(ports.mailSink),
  };
  if (localTemporal) {
    appEnv.TEMPORAL_ADDRESS = `127.0.0.1:${ports.temporal}`;
    appEnv.TEMPORAL_UI_URL = `http://localhost:${ports.temporalUi}`;
  }
  if (localStripe) appEnv.STRIPE_MOCK_URL = `http://127.0.0.1:${ports.stripe}`;
  if (localMail) appEnv.MAIL_SINK_URL = `http://127.0.0.1:${ports.mailSink}`;

  const infra = [];
  if (localTemporal) {
    const require = createRequire(import.meta.url);
    const { SEARCH_ATTRIBUTE_FLAGS } = require(join(ROOT, 'dist', 'src', 'workflows', 'search-attributes.js'));
    mkdirSync(join(ROOT, '.data'), { recursive: true });
    // Re-registering the same attributes against an existing --db-filename is accepted by the CLI,
    // so the same flags are passed on every start.
    infra.push(
      new Service({
        name: 'temporal',
        kind: 'infra',
        command: join(TOOLS_BIN, 'temporal'),
        args: [
          'server',
          'start-dev',
          '--ip',
          '127.0.0.1',
          '--port',
          String(ports.temporal),
          '--ui-port',
          String(ports.temporalUi),
          '--db-filename',
          join('.data', 'temporal.db'),
          '--log-level',
          'warn',
          ...SEARCH_ATTRIBUTE_FLAGS.flatMap((flag) => ['--search-attribute', flag]),
        ],
        env: process.env,
        port: ports.temporal,
        extraPorts: [ports.temporalUi],
        quietOnStop: true, // its pollers log connection warnings while it shuts itself down
      }),
    );
  } else {
    say(`using the Temporal server at ${process.env.TEMPORAL_ADDRESS}`);
  }
  if (localStripe) {
    const { PORT: _ignored, ...env } = process.env; // stripe-mock also reads PORT
    infra.push(
      new Service({
        name: 'stripe',
        kind: 'infra',
        command: join(TOOLS_BIN, 'stripe-mock'),
        args: ['-http-port', String(ports.stripe), '-https-port', String(ports.stripeHttps)],
        env,
        port: ports.stripe,
      }),
    );
  } else {
    say('STRIPE_SECRET_KEY is set: using Stripe, not stripe-mock');
  }

  const missing = [];
  const nodeService = (name, entry, port) => {
    if (!existsSync(entry)) {
      missing.push(name);
      warn(`${name}: ${relative(ROOT, entry)} does not exist (not built yet?); not starting it`);
      return undefined;
    }
    return new Service({ name, kind: 'app', command: process.execPath, args: [entry], env: appEnv, port });
  };

  if (localMail) {
    const mail = nodeService('mail', entries.mailSink, ports.mailSink);
    if (mail) infra.push(mail);
  } else {
    say('SENDGRID_API_KEY is set: using SendGrid, not the mail sink');
  }

  say(`starting ${infra.map((s) => s.name).join(', ') || 'nothing local'}…`);
  infra.forEach((s) => s.start());
  try {
    await Promise.all(infra.map((s) => waitUntilListening(s)));
  } catch (err) {
    warn(err.message);
    await shutdown('startup failed', 1);
    return;
  }
  if (stopping) return;

  const worker = nodeService('worker', entries.worker, undefined);
  const api = nodeService('api', entries.api, ports.api);
  [worker, api].filter(Boolean).forEach((s) => s.start());
  let apiUp = false;
  if (api) {
    try {
      apiUp = await waitUntilListening(api);
    } catch (err) {
      warn(`${err.message}; it keeps being supervised`);
    }
  }
  if (stopping) return;

  const rows = [];
  const row = (label, value) => rows.push(`  ${label.padEnd(17)} ${value}`);
  if (api) {
    row('API', `http://localhost:${ports.api}${apiUp ? '' : '  (not answering yet)'}`);
    row('OpenAPI docs', `http://localhost:${ports.api}/docs`);
  } else {
    row('API', 'not started (not built)');
  }
  if (localTemporal) row('Temporal Web UI', `http://localhost:${ports.temporalUi}`);
  else if (process.env.TEMPORAL_UI_URL) row('Temporal Web UI', process.env.TEMPORAL_UI_URL);
  if (localMail) {
    row(
      'Mail sink',
      missing.includes('mail') ? 'not started (not built)' : `http://localhost:${ports.mailSink}/api/messages`,
    );
  }
  if (localStripe) row('stripe-mock', `http://localhost:${ports.stripe}`);
  if (!worker) row('Worker', 'not started (not built)');
  console.log(
    [
      '',
      paint('1;32', `Boxoffice is running${missing.length ? ` (without ${missing.join(', ')})` : ''}:`),
      ...rows,
      paint('2', '  Ctrl-C stops everything.'),
      '',
    ].join('\n'),
  );
}

main().catch(async (err) => {
  warn(err.stack ?? String(err));
  await shutdown('unexpected error', 1);
  process.exit(1);
});
