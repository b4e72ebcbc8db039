/** `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export type RateLimiterOptions = {
  /** Requests per second to start with; default unlimited until the server says 429. */
  initialRate?: number;
  /** The rate never goes below this. Default 1 request per second. */
  minRate?: number;
  /** Nor above this. Default unlimited. */
  maxRate?: number;
  /** The pause after a 429 without `Retry-After`. Default 1000 ms. */
  defaultPauseMs?: number;
  /** The longest pause honoured; a longer `Retry-After` is capped to it. Default 60 000 ms. */
  maxPauseMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
};

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A rate limit that adapts to the server (AIMD, as TCP does): it starts unlimited (or at `initialRate`); a 429 (or a
 * 503 with `Retry-After`) pauses every request until the `Retry-After` has passed and halves the rate, measured from
 * what was actually sent in the last second; each success raises it again by a little, up to `maxRate`. One limiter
 * is shared by all the requests of a run, so parallel workers slow down together.
 *
 * @example
 * const limiter = new RateLimiter();
 * const client = createProImportClient({ token, fetch: limiter.wrapFetch((r) => fetch(r)) });
 */
export class RateLimiter {
  #rate: number | undefined;
  readonly #min: number;
  readonly #max: number;
  readonly #defaultPause: number;
  readonly #maxPause: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  #next = 0;
  #pausedUntil = 0;
  #lastDecrease = Number.NEGATIVE_INFINITY;
  readonly #recent: number[] = [];
  /** How many 429 answers the limiter saw, and how long it paused in total. */
  throttled = 0;
  pausedMs = 0;

  constructor(options: RateLimiterOptions = {}) {
    this.#rate = options.initialRate;
    this.#min = options.minRate ?? 1;
    this.#max = options.maxRate ?? Number.POSITIVE_INFINITY;
    this.#defaultPause = options.defaultPauseMs ?? 1000;
    this.#maxPause = options.maxPauseMs ?? 60_000;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#now = options.now ?? Date.now;
    if (this.#rate !== undefined && !(this.#rate > 0)) throw new RangeError(`initialRate must be > 0, got ${this.#rate}`);
  }

  /** The current rate in requests per second, or undefined while unlimited. */
  get rate(): number | undefined {
    return this.#rate;
  }

  /** Waits for a slot: until any pause is over, then until the rate allows the next request. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.#now();
      if (now < this.#pausedUntil) {
        await this.#sleep(this.#pausedUntil - now, signal);
        continue;
      }
      if (this.#rate === undefined) break;
      const slot = Math.max(now, this.#next);
      this.#next = slot + 1000 / this.#rate;
      if (slot > now) await this.#sleep(slot - now, signal);
      if (this.#now() < this.#pausedUntil) continue;
      break;
    }
    const sent = this.#now();
    this.#recent.push(sent);
    while (this.#recent.length > 0 && (this.#recent[0] as number) < sent - 1000) this.#recent.shift();
  }

  /** The server said "too many requests": pause everyone and halve the rate. */
  slowDown(retryAfter: number | undefined): void {
    this.throttled += 1;
    const pause = Math.min(this.#maxPause, retryAfter ?? this.#defaultPause);
    const until = this.#now() + pause;
    if (until > this.#pausedUntil) {
      this.pausedMs += until - Math.max(this.#pausedUntil, this.#now());
      this.#pausedUntil = until;
    }
    this.#next = this.#pausedUntil;
    // One decrease per second at most (TCP decreases once per round trip): a burst of 429s answering requests that
    // were already in flight says the same thing once.
    const now = this.#now();
    if (now - this.#lastDecrease < 1000) return;
    this.#lastDecrease = now;
    const measured = Math.max(this.#recent.length, 1);
    this.#rate = Math.max(this.#min, Math.min(this.#rate ?? measured, measured) / 2);
  }

  /** A request went through: raise the rate by a little (additive increase). */
  speedUp(): void {
    if (this.#rate === undefined) return;
    this.#rate = Math.min(this.#max, this.#rate + Math.max(0.5, this.#rate * 0.05));
  }

  /** Observes one answer: 429 (and 503 with `Retry-After`) slow down, anything else below 500 speeds up. */
  observe(status: number, retryAfter: string | null): void {
    if (status === 429 || (status === 503 && retryAfter !== null)) this.slowDown(retryAfterMs(retryAfter, this.#now()));
    else if (status < 500) this.speedUp();
  }

  /** A fetch that waits for a slot before each request and learns from each answer. */
  wrapFetch(inner: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
    return async (request: Request) => {
      await this.acquire(request.signal);
      const response = await inner(request);
      this.observe(response.status, response.headers.get('Retry-After'));
      return response;
    };
  }
}
