import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../config';
import { stopChild } from './child-process';
import { freePort } from './ports';

export interface StripeMock {
  url: string;
  stop(): Promise<void>;
}

/** stripe-mock from .tools/bin on free loopback ports, ready when this resolves. */
export async function startStripeMock(): Promise<StripeMock> {
  const port = await freePort();
  const httpsPort = await freePort();
  // stripe-mock also reads PORT; the bench's own environment has no business there.
  const { PORT: _ignored, ...env } = process.env;
  const child = spawn(
    join(projectRoot(), '.tools', 'bin', 'stripe-mock'),
    ['-http-port', String(port), '-https-port', String(httpsPort)],
    { stdio: 'ignore', env },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  try {
    await waitForStripe(url, child);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}

async function waitForStripe(url: string, child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`stripe-mock exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/v1/balance`, { headers: { authorization: 'Bearer sk_test_123' } });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`stripe-mock did not answer at ${url} within ${timeoutMs / 1000} s`);
}
