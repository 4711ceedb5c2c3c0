// Zero-dependency bootstrap: turns a fresh clone into a runnable project.
//
//   node scripts/setup.mjs          npm packages, Go tools, Prisma client, build, dev database
//   node scripts/setup.mjs --test   the same, migrating the test database instead
//
// Runs before node_modules exists, so it uses Node built-ins only. Every step is skipped quickly
// when its inputs have not changed (hash and mtime stamps), so running it before every
// `npm start` / `npm test` costs well under a second once the checkout is set up.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const TOOLS_BIN = join(ROOT, '.tools', 'bin');

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/boxoffice';
export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/boxoffice_test';

/** Go-built tools, installed into .tools/bin. Versions are tried in order; any of them is accepted. */
export const GO_TOOLS = [
  {
    name: 'temporal',
    pkg: 'github.com/temporalio/cli/cmd/temporal',
    module: 'github.com/temporalio/cli',
    // Newer tags carry a `replace` directive and cannot be `go install`ed.
    versions: ['v1.5.1', 'v1.5.0', 'v1.4.1'],
  },
  {
    name: 'stripe-mock',
    pkg: 'github.com/stripe/stripe-mock',
    module: 'github.com/stripe/stripe-mock',
    versions: ['v0.197.0'],
  },
];

const NPM_STAMP = join(ROOT, 'node_modules', '.boxoffice-lock.sha256');
const PRISMA_STAMP = join(ROOT, 'src', 'generated', '.prisma-schema.sha256');
const PRISMA_OUT = join(ROOT, 'src', 'generated', 'prisma');
const TS_BUILD_INFO = join(ROOT, 'dist', '.tsbuildinfo');
const BUILD_STAMP = join(ROOT, 'dist', '.boxoffice-build.sha256');
// What tsconfig.build.json compiles, plus what changes its meaning.
const BUILD_INPUTS = ['src', 'bench', 'worker.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
// Outputs the rest of the tooling loads; if one is missing the incremental build info is stale.
const KEY_OUTPUTS = [
  join(ROOT, 'dist', 'src', 'infra', 'db', 'migrate-cli.js'),
  join(ROOT, 'dist', 'src', 'workflows', 'search-attributes.js'),
];

class StepError extends Error {
  constructor(message, details = '') {
    super(message);
    this.details = details;
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);

function elapsed(startedAt) {
  const ms = Date.now() - startedAt;
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** sha256 hex of the parts, NUL-separated (a single part hashes exactly like `sha256sum`). */
function sha256(...parts) {
  const hash = createHash('sha256');
  parts.forEach((part, i) => (i ? hash.update('\0').update(part) : hash.update(part)));
  return hash.digest('hex');
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs a command, collecting stdout+stderr; resolves with { code, output }, never rejects on exit codes. */
function run(cmd, args, { env = process.env, cwd = ROOT } = {}) {
  return new Promise((resolve) => {
    let output = '';
    let child;
    try {
      child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      resolve({ code: -1, output: String(err.message) });
      return;
    }
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (err) => resolve({ code: -1, output: output + err.message }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), output }));
  });
}

function tail(text, lines = 40) {
  const all = text.trimEnd().split('\n');
  return (all.length > lines ? ['…', ...all.slice(-lines)] : all).join('\n');
}

function note(message) {
  console.log(`${paint('2', 'setup')} ${message}`);
}

async function step(name, fn) {
  const startedAt = Date.now();
  try {
    const result = await fn();
    console.log(
      `${paint('2', 'setup')} ${paint('36', name.padEnd(10))} ${result} ${paint('2', `(${elapsed(startedAt)})`)}`,
    );
  } catch (err) {
    console.error(
      `${paint('2', 'setup')} ${paint('31', name.padEnd(10))} ${paint('31', 'FAILED')}: ${err.message} ${paint('2', `(${elapsed(startedAt)})`)}`,
    );
    if (err.details) console.error(err.details.trimEnd());
    const failure = new Error(`setup step "${name}" failed: ${err.message}`);
    failure.reported = true;
    throw failure;
  }
}

// ---------------------------------------------------------------------------------------------
// a. .env

/** Loads .env from the project root; variables already set in the environment win. */
export function loadDotEnv() {
  const path = join(ROOT, '.env');
  if (!existsSync(path)) return undefined;
  const before = new Set(Object.keys(process.env));
  process.loadEnvFile(path);
  return Object.keys(process.env).filter((k) => !before.has(k)).length;
}

// ---------------------------------------------------------------------------------------------
// b. npm packages

/**
 * True when node_modules was installed from exactly this lockfile (compares npm's own record of the
 * installed tree, node_modules/.package-lock.json). Lets an existing install be adopted without
 * wiping it; platform-specific optional packages may legitimately be absent.
 */
function installedTreeMatchesLock() {
  try {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')).packages;
    const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules', '.package-lock.json'), 'utf8')).packages;
    if (!lock || !installed) return false;
    for (const [path, entry] of Object.entries(installed)) {
      const wanted = lock[path];
      if (!path) continue;
      if (!wanted || wanted.version !== entry.version || wanted.integrity !== entry.integrity) return false;
    }
    for (const [path, wanted] of Object.entries(lock)) {
      if (path && !installed[path] && !wanted.optional && !wanted.devOptional) return false;
    }
    return true;
  } catch {
    return false;
  }
}

async function ensureNodeModules() {
  const lockPath = join(ROOT, 'package-lock.json');
  if (!existsSync(lockPath)) throw new StepError('package-lock.json is missing');
  const lockHash = sha256(readFileSync(lockPath));
  const haveModules = existsSync(join(ROOT, 'node_modules'));
  if (haveModules && readText(NPM_STAMP) === lockHash) return 'up to date';
  // Installed by hand (`npm install`) after the lockfile changed: nothing to do if npm's record agrees.
  if (haveModules && installedTreeMatchesLock()) {
    writeFileSync(NPM_STAMP, `${lockHash}\n`);
    return 'installed tree matches package-lock.json';
  }
  note(`installing npm packages (npm ci)${haveModules ? ': package-lock.json changed' : ''}…`);
  let how = 'npm ci';
  let { code, output } = await run('npm', ['ci', '--no-audit', '--no-fund']);
  if (code !== 0 && /can only install packages when your package\.json and package-lock\.json/.test(output)) {
    // A lockfile written against a registry that only serves this platform's optional binaries
    // (e.g. no @swc/core-darwin-*) lacks those entries, and `npm ci` rejects it as out of sync.
    // `npm install --no-save` installs the same locked versions without rewriting the lockfile.
    const lockBefore = readFileSync(lockPath);
    note('npm ci rejected package-lock.json (optional platform packages missing); using npm install --no-save…');
    ({ code, output } = await run('npm', ['install', '--no-audit', '--no-fund', '--no-save']));
    how = 'npm install --no-save';
    if (!readFileSync(lockPath).equals(lockBefore)) {
      writeFileSync(lockPath, lockBefore);
      throw new StepError(
        'package-lock.json does not match package.json; run `npm install` and commit the updated lockfile',
        tail(output),
      );
    }
  }
  if (code !== 0) throw new StepError(`${how} exited with code ${code}`, tail(output));
  writeFileSync(NPM_STAMP, `${lockHash}\n`);
  const added = /added (\d+) packages?/.exec(output);
  return `installed${added ? ` ${added[1]} packages` : ''} (${how})`;
}

// ---------------------------------------------------------------------------------------------
// c. Go tools

export function findGo() {
  const candidates = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'go'));
  if (process.env.GOROOT) candidates.push(join(process.env.GOROOT, 'bin', 'go'));
  candidates.push('/usr/local/go/bin/go');
  return candidates.find(isExecutable);
}

/** The `pkg@version` a Go binary was built from, read from its embedded build info. */
async function builtFrom(goBin, binary, tool) {
  const { code, output } = await run(goBin, ['version', '-m', binary]);
  if (code !== 0) return undefined;
  const path = /^\s*path\s+(\S+)/m.exec(output)?.[1];
  const version = new RegExp(`^\\s*mod\\s+${tool.module.replace(/\./g, '\\.')}\\s+(\\S+)`, 'm').exec(output)?.[1];
  return path && version ? `${path}@${version}` : undefined;
}

/** Ensures every Go tool is in binDir; returns a short summary. Exported so the install path can be exercised elsewhere. */
export async function ensureGoTools({ binDir = TOOLS_BIN } = {}) {
  const done = [];
  let goBin;
  const needGo = () => {
    goBin ??= findGo();
    if (!goBin) {
      throw new StepError(
        'Go is required to build the Temporal dev server and stripe-mock, but `go` is not on PATH ' +
          'or at /usr/local/go/bin/go. Install Go (https://go.dev/dl/) and run this again.',
      );
    }
    return goBin;
  };

  for (const tool of GO_TOOLS) {
    const binary = join(binDir, tool.name);
    const stampPath = join(binDir, `.${tool.name}.version`);
    const accepted = tool.versions.map((v) => `${tool.pkg}@${v}`);
    if (isExecutable(binary)) {
      const stamped = readText(stampPath);
      if (stamped && accepted.includes(stamped)) {
        done.push(`${tool.name} ${stamped.split('@')[1]}`);
        continue;
      }
      // No stamp (e.g. built by hand): trust the binary if its build info names an accepted version.
      const found = findGo() ? await builtFrom(needGo(), binary, tool) : undefined;
      if (found && accepted.includes(found)) {
        writeFileSync(stampPath, `${found}\n`);
        done.push(`${tool.name} ${found.split('@')[1]}`);
        continue;
      }
    }

    const go = needGo();
    const failures = [];
    let installed;
    for (const spec of accepted) {
      const startedAt = Date.now();
      note(`building ${spec} with ${go} (first time only; this takes a few minutes)…`);
      const { code, output } = await run(go, ['install', spec], { env: { ...process.env, GOBIN: binDir } });
      if (code === 0 && isExecutable(binary)) {
        installed = spec;
        note(`built ${tool.name} in ${elapsed(startedAt)}`);
        break;
      }
      failures.push(`go install ${spec} (exit ${code}):\n${tail(output, 15)}`);
      note(
        `go install ${spec} failed (exit ${code}); ${spec === accepted.at(-1) ? 'no versions left' : 'trying the next version'}`,
      );
    }
    if (!installed) throw new StepError(`could not build ${tool.name}`, failures.join('\n\n'));
    writeFileSync(stampPath, `${installed}\n`);
    done.push(`${tool.name} ${installed.split('@')[1]} installed`);
  }
  return done.join(', ');
}

// ---------------------------------------------------------------------------------------------
// d. Prisma client

function prismaInputsHash() {
  const version = (pkg) =>
    readText(join(ROOT, 'node_modules', ...pkg.split('/'), 'package.json'))?.match(/"version":\s*"([^"]+)"/)?.[1] ?? '';
  const configPath = join(ROOT, 'prisma.config.ts');
  return sha256(
    ...readdirSync(join(ROOT, 'prisma', 'schema'))
      .filter((f) => f.endsWith('.prisma'))
      .sort()
      .map((f) => f + readFileSync(join(ROOT, 'prisma', 'schema', f), 'utf8')),
    existsSync(configPath) ? readFileSync(configPath) : '',
    version('prisma'),
    version('@prisma/client'),
  );
}

async function ensurePrismaClient() {
  const hash = prismaInputsHash();
  if (existsSync(PRISMA_OUT) && readText(PRISMA_STAMP) === hash) return 'client up to date';
  const env = {
    ...process.env,
    // The CLI wants a native schema engine it cannot download offline; `generate` does not use it.
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  const { code, output } = await run(join(ROOT, 'node_modules', '.bin', 'prisma'), ['generate'], { env });
  if (code !== 0) throw new StepError(`prisma generate exited with code ${code}`, tail(output));
  writeFileSync(PRISMA_STAMP, `${hash}\n`);
  return 'client generated (prisma generate)';
}

// ---------------------------------------------------------------------------------------------
// e. TypeScript build

/**
 * Fingerprint of the build inputs (paths, sizes, mtimes). Even a no-op incremental `tsc` parses
 * every declaration file (several seconds); a directory walk takes milliseconds.
 */
function buildInputsFingerprint() {
  const entries = [];
  const visit = (path) => {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      return;
    }
    if (stats.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else {
      entries.push(`${path}\t${stats.size}\t${stats.mtimeMs}`);
    }
  };
  for (const input of BUILD_INPUTS) visit(join(ROOT, input));
  return sha256(process.version, entries.join('\n'));
}

async function buildTypeScript() {
  const fingerprint = buildInputsFingerprint();
  const outputsPresent = KEY_OUTPUTS.every((p) => existsSync(p));
  if (outputsPresent && readText(BUILD_STAMP) === fingerprint) return 'dist/ up to date (sources unchanged)';
  if (existsSync(TS_BUILD_INFO) && !outputsPresent) rmSync(TS_BUILD_INFO, { force: true });
  rmSync(BUILD_STAMP, { force: true });
  const { code, output } = await run(join(ROOT, 'node_modules', '.bin', 'tsc'), [
    '-p',
    'tsconfig.build.json',
    '--listEmittedFiles',
  ]);
  const emitted = output.split('\n').filter((l) => l.startsWith('TSFILE: ')).length;
  if (code !== 0) {
    const errors = output
      .split('\n')
      .filter((l) => !l.startsWith('TSFILE: '))
      .join('\n');
    const count = errors.match(/error TS\d+/g)?.length ?? 0;
    throw new StepError(
      count ? `tsc reported ${count} compile error${count === 1 ? '' : 's'}` : `tsc exited with code ${code}`,
      errors,
    );
  }
  writeFileSync(BUILD_STAMP, `${fingerprint}\n`);
  return emitted ? `compiled to dist/ (${emitted} files written)` : 'dist/ up to date (tsc)';
}

// ---------------------------------------------------------------------------------------------
// f. database

async function migrate(databaseUrl, test) {
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  if (test) env.NODE_ENV = 'test';
  const { code, output } = await run(process.execPath, [join(ROOT, 'dist', 'src', 'infra', 'db', 'migrate-cli.js')], {
    env,
  });
  const safeUrl = databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  if (code !== 0) {
    const hint = /ECONNREFUSED|ENOTFOUND|timeout/i.test(output)
      ? `\nIs PostgreSQL running and reachable at ${safeUrl}?`
      : '';
    throw new StepError(`migrations failed for ${safeUrl}`, tail(output) + hint);
  }
  return output.trim().split('\n').pop();
}

// ---------------------------------------------------------------------------------------------

/** Brings the checkout to a runnable state. Throws (after printing which step failed) on failure. */
export async function setup({ test = false } = {}) {
  const startedAt = Date.now();
  await step('env', async () => {
    const loaded = loadDotEnv();
    return loaded === undefined
      ? 'no .env file, using defaults'
      : `.env loaded (${loaded} new variable${loaded === 1 ? '' : 's'})`;
  });
  await step('npm', ensureNodeModules);
  await step('go tools', () => ensureGoTools());
  await step('prisma', ensurePrismaClient);
  await step('build', buildTypeScript);
  const databaseUrl = test
    ? process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL
    : process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  await step('database', () => migrate(databaseUrl, test));
  note(`ready in ${elapsed(startedAt)}`);
  return { databaseUrl };
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  setup({ test: process.argv.includes('--test') }).catch((err) => {
    if (!err.reported) console.error(err);
    process.exit(1);
  });
}
