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
  /** The pause after a 429 without `Retry-After`. Default 250 ms. */
  defaultPauseMs?: number;
  /** The longest pause honoured; a longer `Retry-After` is capped to it. Default 60 000 ms. */
  maxPauseMs?: number;
  /** The share of overload answers (502, 503, 504, no answer) among the recent ones past which the rate is lowered. Default 0.5. */
  overloadShare?: number;
  /** The most requests `wrapFetch` lets be on the wire at once. Default unlimited (see `limitInFlight`). */
  maxInFlight?: number;
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

/** How many of the latest answers the overload share is taken over, and how many it needs before it says anything. */
const WINDOW = 50;
const MIN_ANSWERS = 20;
/** A 429 lowers the rate to this share of itself (the first one: of what the server accepted in the last second). */
const BACK_OFF = 0.85;
/** Then it grows by this share per second, probing for more (as TCP's additive increase does per round trip). */
const GROWTH_PER_SECOND = 0.05;

/**
 * A rate limit that adapts to the server. It starts unlimited (or at `initialRate`). The server saying "too many"
 * (429) lowers the rate by 15% (the first time: to 85% of what the server accepted in the last second), at most once
 * a second (a burst of 429s answering requests already in flight says the same thing once), and pauses every request
 * for a `Retry-After` longer than a second. After the first 429 the rate doubles each second until the next one
 * (TCP's slow start), then grows by 5% a second, so it settles just under a server's limit instead of swinging
 * between half of it and all of it (what halving does). A 5xx is not a "too many": random 500/502/503 answers and
 * dropped connections are the client's retries' business, and lower the rate only when they become most of the recent
 * answers (past `overloadShare`, default half: a server falling over, not a flaky network). One limiter is shared by
 * all the requests of a run, so parallel workers slow down together.
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
  readonly #overloadShare: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  /** When the last request was let through (the next one is due a 1/rate later). */
  #lastSlot = Number.NEGATIVE_INFINITY;
  #pausedUntil = 0;
  #lastDecrease = Number.NEGATIVE_INFINITY;
  #lastGrowth: number | undefined;
  /**
   * After the first 429 of a run (whose measure of what the server takes is rough: requests in flight at the start
   * answer it together), the rate doubles each second until the next 429 says where the limit is (TCP's slow start).
   */
  #slowStart = false;
  /** When the latest requests went out, and when the latest accepted answers came (the last second of each). */
  readonly #sent: number[] = [];
  readonly #accepted: number[] = [];
  /** The latest answers: true for an overload answer. */
  readonly #answers: boolean[] = [];
  /** How many 429 answers the limiter saw, and how long it paused in total. */
  throttled = 0;
  pausedMs = 0;
  #maxInFlight: number;
  #inFlight = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(options: RateLimiterOptions = {}) {
    this.#rate = options.initialRate;
    this.#min = options.minRate ?? 1;
    this.#max = options.maxRate ?? Number.POSITIVE_INFINITY;
    this.#defaultPause = options.defaultPauseMs ?? 250;
    this.#maxPause = options.maxPauseMs ?? 60_000;
    this.#overloadShare = options.overloadShare ?? 0.5;
    this.#maxInFlight = options.maxInFlight ?? Number.POSITIVE_INFINITY;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#now = options.now ?? Date.now;
    if (this.#rate !== undefined && !(this.#rate > 0)) throw new RangeError(`initialRate must be > 0, got ${this.#rate}`);
  }

  /**
   * At most `count` requests on the wire at once (`apply` sets its concurrency here, so that operations waiting out a
   * retry's backoff hold no slot while others use the connection).
   */
  limitInFlight(count: number): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`limitInFlight: count must be a whole number >= 1, got ${count}`);
    this.#maxInFlight = count;
    this.#wake();
  }

  /** Whether requests on the wire are capped (`limitInFlight`). */
  get capsInFlight(): boolean {
    return Number.isFinite(this.#maxInFlight);
  }

  #wake(): void {
    while (this.#inFlight < this.#maxInFlight && this.#waiting.length > 0) {
      this.#inFlight += 1;
      (this.#waiting.shift() as () => void)();
    }
  }

  /** Waits for one of the in-flight slots; `release` gives it back. */
  async #enter(signal?: AbortSignal): Promise<void> {
    if (this.#inFlight < this.#maxInFlight) {
      this.#inFlight += 1;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.#waiting.indexOf(go);
        if (i >= 0) this.#waiting.splice(i, 1);
        reject(signal?.reason);
      };
      this.#waiting.push(go);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #leave(): void {
    this.#inFlight -= 1;
    this.#wake();
  }

  /** The current rate in requests per second, or undefined while unlimited. */
  get rate(): number | undefined {
    return this.#rate;
  }

  /**
   * Waits for a slot: until any pause is over, then until the rate allows the next request. A slot is taken when it
   * is due, at the rate of that moment (a waiting request is not held to the slower rate of when it started waiting).
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.#now();
      // Whole milliseconds below: a clock in whole milliseconds must reach the moment waited for.
      if (now < this.#pausedUntil) {
        await this.#sleep(Math.ceil(this.#pausedUntil - now), signal);
        continue;
      }
      if (this.#rate === undefined) break;
      const gap = 1000 / this.#rate;
      const due = this.#lastSlot + gap;
      if (due <= now) {
        // On time or a little late: keep the cadence; after an idle spell, start it again from now.
        this.#lastSlot = due < now - gap ? now : due;
        break;
      }
      await this.#sleep(Math.ceil(Math.min(due - now, 50)), signal);
    }
    recent(this.#sent, this.#now());
  }

  /**
   * The server said "too many requests": lower the rate under what it accepted, and pause everyone for the
   * `Retry-After` when it is longer than a second (a spent quota, maintenance) or there is none (`defaultPauseMs`);
   * a `Retry-After` of a second or less is the refused request's own wait (the client's retry honours it), since
   * every request paused for a second per 429 would hold the run far under the server's limit.
   */
  slowDown(retryAfter: number | undefined): void {
    this.throttled += 1;
    const now = this.#now();
    const pause = retryAfter === undefined ? this.#defaultPause : retryAfter > 1000 ? Math.min(this.#maxPause, retryAfter) : 0;
    const until = now + pause;
    if (until > this.#pausedUntil) {
      this.pausedMs += until - Math.max(this.#pausedUntil, now);
      this.#pausedUntil = until;
    }
    // The first 429 of an unlimited run: just under what the server accepted in the last second, then a slow start.
    // Later ones: a step down from the rate that met it (what was accepted meanwhile is lowered by the pauses).
    const first = this.#rate === undefined;
    if (this.#decrease(now, (this.#rate ?? Math.max(1, count(this.#accepted, now))) * BACK_OFF)) this.#slowStart = first;
  }

  /** Lowers the rate to `to`, once a second at most (answers to requests already in flight repeat the same news). */
  #decrease(now: number, to: number): boolean {
    if (now - this.#lastDecrease < 1000) return false;
    this.#lastDecrease = now;
    this.#lastGrowth = now;
    const sending = Math.max(count(this.#sent, now), 1);
    this.#rate = Math.max(this.#min, Math.min(this.#rate ?? sending, to));
    return true;
  }

  /** A request was accepted: note it, and let the rate grow (5% a second, as time passes). */
  speedUp(): void {
    const now = this.#now();
    recent(this.#accepted, now);
    if (this.#rate === undefined) return;
    const since = this.#lastGrowth ?? now;
    this.#lastGrowth = now;
    // Only a rate in use grows: one the run does not reach (it waits on something else) says nothing of the server.
    if (count(this.#sent, now) < this.#rate / 2) return;
    const seconds = (now - since) / 1000;
    this.#rate = Math.min(this.#max, this.#rate * (this.#slowStart ? 2 ** seconds : 1 + GROWTH_PER_SECOND * seconds));
  }

  /** An answer (or none) that is not "too many": counts toward the share of overload answers, which slows down past its limit. */
  #answered(overloaded: boolean): void {
    this.#answers.push(overloaded);
    if (this.#answers.length > WINDOW) this.#answers.shift();
    if (!overloaded || this.#answers.length < MIN_ANSWERS) return;
    const share = this.#answers.filter(Boolean).length / this.#answers.length;
    if (share > this.#overloadShare && this.#decrease(this.#now(), count(this.#sent, this.#now()) / 2)) this.#slowStart = false;
  }

  /**
   * Observes one answer: 429 slows down (pausing for its `Retry-After`); 502, 503 and 504 count as overload answers;
   * anything below 500 is accepted work.
   */
  observe(status: number, retryAfter: string | null): void {
    if (status === 429) {
      this.slowDown(retryAfterMs(retryAfter, this.#now()));
      return;
    }
    const overloaded = status === 502 || status === 503 || status === 504;
    this.#answered(overloaded);
    if (status < 500) this.speedUp();
  }

  /**
   * A fetch that waits for a slot before each request (one of the in-flight slots, then the rate's), and learns from
   * each answer (no answer at all counts as overload).
   */
  wrapFetch(inner: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
    return async (request: Request) => {
      await this.#enter(request.signal);
      try {
        await this.acquire(request.signal);
        let response: Response;
        try {
          response = await inner(request);
        } catch (error) {
          if (!request.signal.aborted) this.#answered(true);
          throw error;
        }
        this.observe(response.status, response.headers.get('Retry-After'));
        return response;
      } finally {
        this.#leave();
      }
    };
  }
}

/** Notes an event at `now` in a list of the last second's events. */
function recent(times: number[], now: number): void {
  times.push(now);
  while (times.length > 0 && (times[0] as number) < now - 1000) times.shift();
}

/** How many of the events happened in the last second. */
function count(times: number[], now: number): number {
  while (times.length > 0 && (times[0] as number) < now - 1000) times.shift();
  return times.length;
}
