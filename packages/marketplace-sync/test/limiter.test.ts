import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/index.js';

/** A limiter on a clock the test moves: `send(n, status)` sends n requests over `ms`, each answered `status`. */
function clocked(options: ConstructorParameters<typeof RateLimiter>[0] = {}) {
  let now = 1_000_000;
  const slept: number[] = [];
  const limiter = new RateLimiter({
    ...options,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  });
  const send = async (n: number, answer: (i: number) => { status: number; retryAfter?: string }, ms = 1000) => {
    for (let i = 0; i < n; i += 1) {
      await limiter.acquire();
      now += ms / n;
      const { status, retryAfter } = answer(i);
      limiter.observe(status, retryAfter ?? null);
    }
  };
  return { limiter, send, slept, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('random 5xx (20%, 503s with Retry-After among them) do not slow the run down', async () => {
    const { limiter, send, slept } = clocked();
    for (let second = 0; second < 10; second += 1) {
      await send(200, (i) => (i % 5 === 0 ? { status: [500, 502, 503][(i / 5) % 3] as number, retryAfter: '1' } : { status: 201 }));
    }
    expect(limiter.rate).toBeUndefined();
    expect(slept).toEqual([]);
  });

  it('a 429 pauses everyone for its Retry-After and settles the rate just under what the server accepted', async () => {
    const { limiter, send, slept } = clocked();
    await send(100, () => ({ status: 201 }));
    await send(1, () => ({ status: 429, retryAfter: '2' }), 1);
    expect(limiter.throttled).toBe(1);
    await limiter.acquire();
    expect(slept[0]).toBeGreaterThanOrEqual(1990);
    expect(limiter.rate).toBeCloseTo(85, 0);
  });

  it('after the first 429 the rate doubles each second until the next one; then it grows by about 5% a second', async () => {
    const { limiter, send, advance } = clocked();
    await send(100, () => ({ status: 201 }));
    await send(1, () => ({ status: 429 }), 1);
    const first = limiter.rate as number;
    for (let second = 0; second < 2; second += 1) await send(Math.floor(limiter.rate as number), () => ({ status: 201 }));
    expect((limiter.rate as number) / first).toBeGreaterThan(3.5);
    advance(1000);
    await send(1, () => ({ status: 429 }), 1);
    const settled = limiter.rate as number;
    for (let second = 0; second < 5; second += 1) await send(Math.floor(limiter.rate as number), () => ({ status: 201 }));
    expect((limiter.rate as number) / settled).toBeGreaterThan(1.2);
    expect((limiter.rate as number) / settled).toBeLessThan(1.35);
  });

  it('when most recent answers are overload answers (a server falling over), it slows down', async () => {
    const { limiter, send } = clocked();
    await send(100, (i) => (i % 4 === 0 ? { status: 201 } : { status: 503 }));
    expect(limiter.rate).toBeDefined();
    expect(limiter.rate as number).toBeLessThanOrEqual(50);
  });
});

/**
 * A run in virtual time: `workers` clients each send one request at a time (each `latencyMs` long) through one
 * limiter to a server that lets `limit` requests a second through (a token bucket holding a tenth of a second's worth)
 * and answers 429 to the rest, which are sent again after a jittered backoff, as the client's retries do. Answers the
 * requests the server accepted in each second.
 */
async function throttledRun(options: { limit: number; workers: number; latencyMs: number; seconds: number; retryAfter?: string }): Promise<number[]> {
  let now = 0;
  const timers: Array<{ at: number; resolve: () => void }> = [];
  const sleep = (ms: number) => new Promise<void>((resolve) => timers.push({ at: now + Math.max(0, Math.round(ms)), resolve }));
  const limiter = new RateLimiter({ now: () => now, sleep });
  let tokens = options.limit / 10;
  let last = 0;
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const perSecond = Array.from({ length: options.seconds }, () => 0);
  const end = options.seconds * 1000;
  const worker = async () => {
    while (now < end) {
      await limiter.acquire();
      await sleep(options.latencyMs);
      tokens = Math.min(options.limit / 10, tokens + ((now - last) * options.limit) / 1000);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        if (now < end) perSecond[Math.floor(now / 1000)]! += 1;
        limiter.observe(201, null);
      } else {
        limiter.observe(429, options.retryAfter ?? null);
        await sleep(random() * 300);
      }
    }
  };
  let finished = false;
  const running = Promise.all(Array.from({ length: options.workers }, worker)).finally(() => (finished = true));
  // The clock jumps from timer to timer, after every continuation that was waiting has run.
  while (!finished) {
    await new Promise((resolve) => setImmediate(resolve));
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (next === undefined) break;
    now = next.at;
    next.resolve();
  }
  await running;
  return perSecond;
}

describe('RateLimiter in front of an API that answers 429 above N requests/s', () => {
  for (const [limit, retryAfter] of [[20], [100], [400], [100, '1']] as Array<[number, string?]>) {
    it(`settles within 20% below N = ${limit}${retryAfter ? `, 429s saying Retry-After: ${retryAfter}` : ''} (from the 10th second on)`, async () => {
      const perSecond = await throttledRun({ limit, workers: 16, latencyMs: 20, seconds: 40, ...(retryAfter ? { retryAfter } : {}) });
      const settled = perSecond.slice(10);
      const mean = settled.reduce((a, b) => a + b, 0) / settled.length;
      if (process.env.SIM_PRINT) console.log(limit, mean, perSecond.join(' '));
      expect(mean / limit).toBeGreaterThanOrEqual(0.8);
    }, 60_000);
  }
});
