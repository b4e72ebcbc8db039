import { setTimeout as sleep } from 'node:timers/promises';
import { retryAfterMs } from '@x/marketplace-sync';
import { SCHEMA, type Sql } from './db.js';

/** The rate after a 429 doubles every this many seconds until it is back at the cap (or unlimited). */
const RECOVERY_SECONDS = 30;
/** The lowest rate a 429 brings a marketplace to, in requests per second. */
const MIN_RATE = 1;
/** The pause after a 429 without `Retry-After`. */
const DEFAULT_PAUSE_MS = 1000;
/** The longest pause honoured. */
const MAX_PAUSE_MS = 60_000;

// The rate in force: the cap, or after a 429 the halved rate growing back (doubling every RECOVERY_SECONDS).
const EFFECTIVE = `
  CASE WHEN slow IS NULL THEN COALESCE(cap, 'Infinity'::float8)
       ELSE LEAST(COALESCE(cap, 'Infinity'::float8), slow * power(2, EXTRACT(EPOCH FROM clock_timestamp() - slowed_at) / ${RECOVERY_SECONDS}))
  END`;

// One slot per request, handed out in order by one row per marketplace (GCRA: the next slot moves 1/rate on, never
// before a pause ends); the caller waits until its slot. The row lock orders every worker's requests. $2 counts this
// request and those the process let go without asking while the marketplace was open (what a 429 halves from).
const ACQUIRE = `
  WITH cur AS (
    SELECT marketplace, clock_timestamp() AS now, GREATEST(next_at, clock_timestamp(), paused_until) AS slot,
           paused_until > clock_timestamp() AS paused, ${EFFECTIVE} AS rate
    FROM ${SCHEMA}.rate WHERE marketplace = $1 FOR UPDATE
  )
  UPDATE ${SCHEMA}.rate r SET
    next_at = cur.slot + CASE WHEN cur.rate = 'Infinity'::float8 THEN interval '0' ELSE make_interval(secs => 1.0 / cur.rate) END,
    slow = CASE WHEN r.slow IS NOT NULL AND cur.rate >= LEAST(COALESCE(r.cap, 'Infinity'::float8), 100000) THEN NULL ELSE r.slow END,
    last_window = CASE WHEN cur.now - r.window_start >= interval '1 second' THEN r.window_count ELSE r.last_window END,
    window_count = CASE WHEN cur.now - r.window_start >= interval '1 second' THEN $2 ELSE r.window_count + $2 END,
    window_start = CASE WHEN cur.now - r.window_start >= interval '1 second' THEN cur.now ELSE r.window_start END,
    granted = r.granted + $2
  FROM cur WHERE r.marketplace = cur.marketplace
  RETURNING GREATEST(0, EXTRACT(EPOCH FROM cur.slot - cur.now) * 1000)::float8 AS wait_ms, cur.paused,
            (r.cap IS NULL AND r.slow IS NULL AND NOT cur.paused) AS open`;

// A 429: every worker pauses until Retry-After has passed, and the rate halves (from what was granted in the last
// second, or the rate in force), once per second at most: a burst of 429s answering requests already in flight
// says the same thing once.
const SLOW_DOWN = `
  UPDATE ${SCHEMA}.rate SET
    paused_until = GREATEST(paused_until, clock_timestamp() + make_interval(secs => $2::float8 / 1000)),
    throttled = throttled + 1,
    slow = CASE WHEN slowed_at IS NOT NULL AND clock_timestamp() - slowed_at < interval '1 second' THEN slow
                ELSE GREATEST(${MIN_RATE}, LEAST(${EFFECTIVE}, GREATEST(last_window, window_count, 1)::float8) / 2) END,
    slowed_at = CASE WHEN slowed_at IS NOT NULL AND clock_timestamp() - slowed_at < interval '1 second' THEN slowed_at ELSE clock_timestamp() END
  WHERE marketplace = $1`;

/**
 * While a marketplace has no cap, is not slowed and not paused, a process lets its requests go without asking the
 * database for this long after it last asked: a 429 another worker saw reaches it within this time.
 */
const OPEN_FOR_MS = 250;

/** What one process's share of the limit did: requests granted, waits for a pause another worker's 429 caused. */
export type SharedRateStats = { granted: number; waitedMs: number; pausedWaits: number; throttled: number };

/** The state of a marketplace's shared limit, as `status` shows it. */
export type SharedRateState = { marketplace: string; cap: number | null; rate: number | null; pausedForMs: number; throttled: number; granted: number };

/**
 * A marketplace's request rate shared by every worker through PostgreSQL: each API has one limit per integration,
 * not per worker. Every request takes the next slot from one row per marketplace (`fleet.rate`): at most `cap`
 * requests per second across all workers, and after a 429 every worker pauses until its `Retry-After` has passed and
 * goes on at half the rate, which doubles back every 30 s. Each dealer keeps its own adaptive `RateLimiter` as well.
 * While there is no cap, no slow-down and no pause, a process asks the database at most every 250 ms. Give it a pool
 * of its own with `synchronous_commit` off (`createRatePool`): a slot needs no durable commit, and the row is hot.
 *
 * @example
 * const shared = new SharedRateLimit(pool, 'pro-import');
 * const adapter = proImportAdapter({ token, fetch: shared.wrapFetch((r) => fetch(r)), limiter: new RateLimiter() });
 */
export class SharedRateLimit {
  readonly marketplace: string;
  readonly stats: SharedRateStats = { granted: 0, waitedMs: 0, pausedWaits: 0, throttled: 0 };
  readonly #sql: Sql;
  #openUntil = 0;
  #unreported = 0;

  constructor(sql: Sql, marketplace: string) {
    this.#sql = sql;
    this.marketplace = marketplace;
  }

  /** Sets the cap (requests per second across all workers; null: none). */
  static async setCap(sql: Sql, marketplace: string, cap: number | null): Promise<void> {
    await sql.query(`UPDATE ${SCHEMA}.rate SET cap = $2 WHERE marketplace = $1`, [marketplace, cap]);
  }

  /** The state of every marketplace's limit. */
  static async states(sql: Sql): Promise<SharedRateState[]> {
    const rows = await sql.query<{ marketplace: string; cap: number | null; rate: number | null; paused_ms: number; throttled: string; granted: string }>(
      `SELECT marketplace, cap, CASE WHEN slow IS NULL THEN cap ELSE ${EFFECTIVE} END AS rate,
              GREATEST(0, EXTRACT(EPOCH FROM paused_until - clock_timestamp()) * 1000)::float8 AS paused_ms, throttled, granted
       FROM ${SCHEMA}.rate ORDER BY marketplace`,
    );
    return rows.rows.map((r) => ({
      marketplace: r.marketplace,
      cap: r.cap,
      rate: r.rate === null || !Number.isFinite(Number(r.rate)) ? null : Number(r.rate),
      pausedForMs: Math.round(Number(r.paused_ms)),
      throttled: Number(r.throttled),
      granted: Number(r.granted),
    }));
  }

  /** Waits for this request's slot. */
  async acquire(signal?: AbortSignal): Promise<void> {
    this.stats.granted += 1;
    if (Date.now() < this.#openUntil) {
      this.#unreported += 1;
      return;
    }
    const count = this.#unreported + 1;
    this.#unreported = 0;
    const result = await this.#sql.query<{ wait_ms: number; paused: boolean; open: boolean }>(ACQUIRE, [this.marketplace, count]);
    const row = result.rows[0];
    if (row === undefined) return;
    if (row.open) this.#openUntil = Date.now() + OPEN_FOR_MS;
    const wait = Number(row.wait_ms);
    if (row.paused) this.stats.pausedWaits += 1;
    if (wait > 0) {
      this.stats.waitedMs += wait;
      await sleep(wait, undefined, signal ? { signal } : {});
    }
  }

  /** The server said 429: pause every worker and halve the marketplace's rate. */
  async slowDown(retryAfter: number | undefined): Promise<void> {
    this.stats.throttled += 1;
    this.#openUntil = 0;
    const pause = Math.min(MAX_PAUSE_MS, retryAfter ?? DEFAULT_PAUSE_MS);
    await this.#sql.query(SLOW_DOWN, [this.marketplace, pause]);
  }

  /** A fetch that takes a slot before each request and tells every worker about a 429. */
  wrapFetch(inner: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
    return async (request: Request) => {
      await this.acquire(request.signal);
      const response = await inner(request);
      if (response.status === 429) await this.slowDown(retryAfterMs(response.headers.get('Retry-After')));
      return response;
    };
  }
}
