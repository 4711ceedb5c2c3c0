import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { PostLoadOutcome, PostLoadSpec, PostRequest, PostResult } from './post-load';

// Runs in a worker thread started by post-load.ts; posts one PostLoadOutcome and exits.
const spec = workerData as PostLoadSpec;
const epoch = (t: number) => performance.timeOrigin + t;

async function post(request: PostRequest, due: number): Promise<PostResult> {
  const sent = performance.now();
  const attemptsAllowed = spec.attemptsOn503 ?? 1;
  for (let attempt = 1; ; attempt++) {
    const answer = await postOnce(request);
    if (answer.status === 503 && attempt < attemptsAllowed) {
      await new Promise((resolve) => setTimeout(resolve, answer.retryAfterMs));
      continue;
    }
    const { retryAfterMs: _unused, ...result } = answer;
    return {
      ...result,
      dueAt: epoch(due),
      sentAt: epoch(sent),
      answeredAt: epoch(performance.now()),
      attempts: attempt,
    };
  }
}

type Answer = Pick<PostResult, 'status' | 'orderId' | 'code' | 'problem'> & { retryAfterMs: number };

async function postOnce(request: PostRequest): Promise<Answer> {
  try {
    const res = await fetch(spec.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
    });
    const text = await res.text();
    let orderId: string | undefined;
    let code: string | undefined;
    try {
      const parsed = JSON.parse(text) as { orderId?: unknown; code?: unknown };
      if (typeof parsed.orderId === 'string') orderId = parsed.orderId;
      if (typeof parsed.code === 'string') code = parsed.code;
    } catch {
      // not JSON: the problem text says what it was
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    return {
      status: res.status,
      orderId,
      code,
      problem: res.ok ? undefined : text.slice(0, 300),
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000,
    };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return { status: 0, problem: `${String(err)}${cause}`, retryAfterMs: 0 };
  }
}

/** Open loop: each request leaves at its slot; a slow answer delays nothing after it. */
function atRate(perSec: number): Promise<PostResult[]> {
  const interval = 1000 / perSec;
  const start = performance.now() + 20;
  const pending: Array<Promise<PostResult>> = [];
  let next = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < spec.requests.length && start + next * interval <= now) {
        pending.push(post(spec.requests[next], start + next * interval));
        next += 1;
      }
      if (next < spec.requests.length) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
      else resolve(Promise.all(pending));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
}

async function inBurst(concurrency: number): Promise<PostResult[]> {
  const start = performance.now();
  const results = new Array<PostResult>(spec.requests.length);
  let next = 0;
  const lane = async () => {
    while (next < spec.requests.length) {
      const i = next++;
      results[i] = await post(spec.requests[i], start);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, spec.requests.length) }, lane));
  return results;
}

async function main(): Promise<void> {
  const results = spec.mode.kind === 'rate' ? await atRate(spec.mode.perSec) : await inBurst(spec.mode.concurrency);
  const outcome: PostLoadOutcome = { results };
  parentPort?.postMessage(outcome);
}

void main();
