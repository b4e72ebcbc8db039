import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import { PgBoss, type BossJob } from './boss.js';
import { dealerKey, MARKETPLACES, type FleetConfig, type Marketplace } from './config.js';
import { assertMigrated, BOSS_SCHEMA, createPool, createRatePool, executorOf, QUEUE_DEFAULTS, SCHEDULE_QUEUE, SCHEMA, SYNC_QUEUE, transaction } from './db.js';
import { enqueueDealers, registerDealers } from './enqueue.js';
import { runDealer, type LastRun, type RunHooks, type RunOutcome } from './job.js';
import { LeaseLostError, StoppingError } from './journal.js';
import { SharedRateLimit } from './rate.js';

/** The data of a sync job: which dealer, on which marketplace. Credentials never travel in a job. */
export type SyncJobData = { dealer: string; marketplace: Marketplace };

/** Options of `FleetWorker`. */
export type WorkerOptions = {
  databaseUrl: string;
  config: FleetConfig;
  /** Dealers synced at the same time by this worker. Default 4. */
  concurrency?: number;
  /** Operations at the same time within one dealer. Default 4. */
  dealerConcurrency?: number;
  /**
   * Seconds without a renewal after which a job is handed to another worker (the lease). Renewed every third of it
   * while the job runs, however long. Default 45.
   */
  leaseSeconds?: number;
  /** How often pg-boss's maintenance (which hands expired jobs on) runs, in seconds. Default 15. */
  maintenanceSeconds?: number;
  /** How often an idle worker looks for a job, in seconds. Default 2. */
  pollSeconds?: number;
  /** Where credentials come from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The fetch the API clients use (tests, proxies). */
  fetch?: (request: Request) => Promise<Response>;
  /** One line per event (job started, finished, failed; stopping). Default: none. */
  log?: (line: string) => void;
  /** How long a stopping worker waits for requests in flight to answer. Default 60 000 ms. */
  drainMs?: number;
  /** After a worker was lost mid-run: the wait, from its last recorded send, before the server is read. Default 2000 ms. */
  inFlightGraceMs?: number;
  /** A name for this worker in logs and `status` (default `host:pid`). */
  name?: string;
};

/**
 * The longest a job can wait, after its worker died, before another worker starts it again (a bound, not a
 * measurement): the lease runs out, pg-boss's maintenance (at most once per interval across all workers, so up to two
 * intervals apart) moves the job to `retry`, the retry waits its first backoff (up to twice `retryDelay`), and an idle
 * worker polls. With the defaults: 45 + 2 x 15 + 2 x 10 + 2 = 97 s.
 *
 * @example
 * worstTakeoverSeconds({}); // 97
 */
export function worstTakeoverSeconds(options: { leaseSeconds?: number; maintenanceSeconds?: number; retryDelay?: number; pollSeconds?: number }): number {
  const lease = options.leaseSeconds ?? QUEUE_DEFAULTS.expireInSeconds;
  const maintenance = options.maintenanceSeconds ?? 15;
  const retryDelay = options.retryDelay ?? QUEUE_DEFAULTS.retryDelay;
  const poll = options.pollSeconds ?? 2;
  return lease + 2 * maintenance + 2 * retryDelay + poll;
}

type Running = { controller: AbortController; hooks: RunHooks; done: Promise<void> };

function sleep(ms: number, wake?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onWake = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      wake?.removeEventListener('abort', onWake);
      resolve();
    }, ms);
    wake?.addEventListener('abort', onWake, { once: true });
  });
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function summary(run: LastRun): string {
  return `${run.created} created, ${run.updated} updated, ${run.deleted} deleted, ${run.unchanged} unchanged, ${run.failed} failed, ${run.blocked} blocked`;
}

// Extends the job's expiry in pg-boss (pg-boss 10 has no heartbeat of its own: a job expires `expire_in` after it
// started), only while this worker still holds the dealer's lease. No row: the lease is lost.
const HEARTBEAT = `
  WITH d AS (
    UPDATE ${SCHEMA}.dealer SET run_heartbeat_at = now() WHERE dealer = $1 AND marketplace = $2 AND lease = $3 RETURNING 1
  )
  UPDATE ${BOSS_SCHEMA}.job SET expire_in = (clock_timestamp() - started_on) + make_interval(secs => $6::float8)
  WHERE name = $4 AND id = $5 AND state = 'active' AND EXISTS (SELECT 1 FROM d)
  RETURNING 1`;

const TAKE = `
  INSERT INTO ${SCHEMA}.dealer AS d (dealer, marketplace, lease, job_id, worker, run_started_at, run_heartbeat_at, attempt, progress)
  VALUES ($1, $2, $3, $4, $5, now(), now(), $6, '{}'::jsonb)
  ON CONFLICT (dealer, marketplace) DO UPDATE SET
    lease = EXCLUDED.lease, job_id = EXCLUDED.job_id, worker = EXCLUDED.worker, run_started_at = now(), run_heartbeat_at = now(),
    attempt = EXCLUDED.attempt, progress = '{}'::jsonb
  RETURNING feed_etag, feed_last_modified, feed_ads`;

/**
 * A fleet worker: takes sync jobs from pg-boss (one per dealer and marketplace at a time, across every worker, by the
 * queue's `stately` policy on the dealer's singleton key) and runs each on the sync engine with the dealer's
 * PostgreSQL journal. While a job runs its lease is renewed; a worker that dies stops renewing, and pg-boss's
 * maintenance (in any live worker) hands the job to another worker once the lease has run out, which resumes from
 * the journal. `stop()` takes no new job, lets requests in flight answer, queues each unfinished job again and
 * returns.
 *
 * @example
 * const worker = new FleetWorker({ databaseUrl, config: readFleetConfig('fleet.json'), log: console.log });
 * await worker.start();
 * process.once('SIGTERM', () => void worker.stop());
 * await worker.finished;
 */
export class FleetWorker {
  readonly name: string;
  readonly #options: WorkerOptions;
  readonly #concurrency: number;
  readonly #lease: number;
  readonly #running = new Map<string, Running>();
  readonly #shared = new Map<string, SharedRateLimit>();
  #pool: pg.Pool | undefined;
  #ratePool: pg.Pool | undefined;
  #boss: PgBoss | undefined;
  #stopping = false;
  #wake = new AbortController();
  #loop: Promise<void> | undefined;
  #stopped: Promise<void> | undefined;

  constructor(options: WorkerOptions) {
    this.#options = options;
    this.#concurrency = options.concurrency ?? 4;
    this.#lease = options.leaseSeconds ?? QUEUE_DEFAULTS.expireInSeconds;
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) throw new RangeError(`concurrency must be a whole number >= 1, got ${this.#concurrency}`);
    if (!(this.#lease >= 3)) throw new RangeError(`leaseSeconds must be at least 3, got ${this.#lease}`);
    this.name = options.name ?? `${hostname()}:${process.pid}`;
  }

  /** Resolves when the worker has stopped (after `stop()`). */
  get finished(): Promise<void> {
    return this.#stopped ?? this.#loop ?? Promise.resolve();
  }

  /** The shared rate limits this worker used, per marketplace (requests granted, pauses waited for). */
  get rateStats(): Record<string, SharedRateLimit['stats']> {
    return Object.fromEntries([...this.#shared].map(([m, s]) => [m, s.stats]));
  }

  /** Connects, checks the schema, sets the marketplaces' caps from the config, and starts taking jobs. */
  async start(): Promise<void> {
    const pool = createPool(this.#options.databaseUrl, { max: this.#concurrency * 2 + 4, applicationName: `marketplace-fleet worker ${this.name}` });
    this.#pool = pool;
    try {
      await assertMigrated(pool);
      for (const marketplace of MARKETPLACES) await SharedRateLimit.setCap(pool, marketplace, this.#options.config.limits?.[marketplace] ?? null);
      const boss = new PgBoss({
        db: executorOf(pool),
        schema: BOSS_SCHEMA,
        migrate: false,
        supervise: true,
        schedule: true,
        maintenanceIntervalSeconds: this.#options.maintenanceSeconds ?? 15,
      });
      boss.on('error', (error: Error) => this.#log(`pg-boss: ${error.message}`));
      await boss.start();
      this.#boss = boss;
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    const takeover = worstTakeoverSeconds({ leaseSeconds: this.#lease, ...(this.#options.maintenanceSeconds ? { maintenanceSeconds: this.#options.maintenanceSeconds } : {}), ...(this.#options.pollSeconds ? { pollSeconds: this.#options.pollSeconds } : {}) });
    this.#log(`worker ${this.name} started: up to ${this.#concurrency} dealers at a time, lease ${this.#lease} s (a job of a worker that dies is taken over within ${Math.ceil(takeover)} s); waiting for jobs (Ctrl-C or SIGTERM stops it)`);
    this.#loop = this.#run();
  }

  /**
   * Stops gracefully: no new job; each running job sends nothing new, waits for its requests in flight to answer
   * (up to `drainMs`), and is queued again for the next worker, which resumes it from the journal.
   */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#stopping = true;
      this.#wake.abort();
      if (this.#running.size > 0) this.#log(`stopping: no new jobs; letting the requests in flight of ${this.#running.size} job(s) answer`);
      await Promise.all([...this.#running.values()].map((r) => this.#stopJob(r)));
      await this.#loop;
      await this.#boss?.stop({ graceful: false, close: false, wait: true });
      await this.#pool?.end();
      await this.#ratePool?.end();
      this.#log('stopped');
    })();
    return this.#stopped;
  }

  /** Stops at once: requests in flight are abandoned; the jobs are handed on once their leases run out. */
  async kill(): Promise<void> {
    this.#stopping = true;
    this.#wake.abort();
    for (const running of this.#running.values()) running.controller.abort(new Error('killed'));
    await this.#boss?.stop({ graceful: false, close: false, wait: false }).catch(() => undefined);
    await this.#pool?.end().catch(() => undefined);
    await this.#ratePool?.end().catch(() => undefined);
  }

  #log(line: string): void {
    this.#options.log?.(line);
  }

  #sharedFor(marketplace: string): SharedRateLimit {
    let shared = this.#shared.get(marketplace);
    if (shared === undefined) {
      this.#ratePool ??= createRatePool(this.#options.databaseUrl, { applicationName: `marketplace-fleet rate ${this.name}` });
      shared = new SharedRateLimit(this.#ratePool, marketplace);
      this.#shared.set(marketplace, shared);
    }
    return shared;
  }

  async #stopJob(running: Running): Promise<void> {
    running.hooks.stopping = true;
    const journal = running.hooks.journal;
    journal?.stopIntents();
    if (journal !== undefined && journal.inFlight > 0) await journal.settled(this.#options.drainMs ?? 60_000);
    // Nothing is in flight now (and nothing new can be sent): reads, lists and waits may be cut short.
    running.controller.abort(new StoppingError());
    await running.done;
  }

  async #run(): Promise<void> {
    const boss = this.#boss as PgBoss;
    const poll = (this.#options.pollSeconds ?? 2) * 1000;
    let failures = 0;
    while (!this.#stopping) {
      if (this.#running.size >= this.#concurrency) {
        await Promise.race([...this.#running.values()].map((r) => r.done));
        continue;
      }
      try {
        const [job] = await boss.fetch<SyncJobData>(SYNC_QUEUE, { batchSize: 1, includeMetadata: true });
        failures = 0;
        if (job !== undefined) {
          if (this.#stopping) {
            await this.#requeue(job.id, job.data);
            break;
          }
          this.#startJob(job);
          continue;
        }
        const [tick] = await boss.fetch<object>(SCHEDULE_QUEUE, { batchSize: 1 });
        if (tick !== undefined) {
          await this.#tick(tick.id);
          continue;
        }
      } catch (error) {
        failures += 1;
        this.#log(`cannot take jobs: ${(error as Error).message.replace(/\s+/g, ' ')}; trying again`);
        await sleep(Math.min(30_000, poll * 2 ** failures), this.#wake.signal);
        continue;
      }
      await sleep(poll, this.#wake.signal);
    }
    await Promise.all([...this.#running.values()].map((r) => r.done));
  }

  /** A scheduled tick: every dealer this worker's config names is registered, and every registered dealer queued. */
  async #tick(id: string): Promise<void> {
    const pool = this.#pool as pg.Pool;
    const boss = this.#boss as PgBoss;
    await registerDealers(pool, this.#options.config.dealers);
    const all = await pool.query<{ dealer: string; marketplace: Marketplace }>(`SELECT dealer, marketplace FROM ${SCHEMA}.dealer ORDER BY dealer, marketplace`);
    const results = await enqueueDealers(pool, boss, all.rows.map((r) => ({ id: r.dealer, marketplace: r.marketplace })));
    await boss.complete(SCHEDULE_QUEUE, id);
    const queued = results.filter((r) => r.queued).length;
    this.#log(`schedule: queued ${queued} dealer(s); ${results.length - queued} already queued or running`);
  }

  #startJob(job: BossJob<SyncJobData>): void {
    const { dealer: id, marketplace } = job.data;
    const controller = new AbortController();
    const hooks: RunHooks = { stopping: false };
    const running: Running = { controller, hooks, done: Promise.resolve() };
    running.done = this.#runJob(job, running).catch((error: unknown) => {
      this.#log(`${id} ${marketplace}: ${(error as Error).message.replace(/\s+/g, ' ')}`);
    }).finally(() => {
      this.#running.delete(job.id);
      this.#wake.abort();
      this.#wake = new AbortController();
      if (this.#stopping) this.#wake.abort();
    });
    this.#running.set(job.id, running);
  }

  async #runJob(job: BossJob<SyncJobData>, running: Running): Promise<void> {
    const pool = this.#pool as pg.Pool;
    const { dealer: id, marketplace } = job.data;
    const lease = randomUUID();
    const attempt = job.retryCount + 1;
    const of = job.retryLimit + 1;
    const taken = await pool.query<{ feed_etag: string | null; feed_last_modified: string | null; feed_ads: number | null }>(TAKE, [id, marketplace, lease, job.id, this.name, attempt]);
    const validators = taken.rows[0] ?? { feed_etag: null, feed_last_modified: null, feed_ads: null };
    const heartbeat = async () => {
      const renewed = await pool.query(HEARTBEAT, [id, marketplace, lease, SYNC_QUEUE, job.id, this.#lease]).catch(() => undefined);
      // A failed query (the database unreachable for a moment) is not a lost lease; no row is.
      if (renewed !== undefined && renewed.rowCount === 0) running.controller.abort(new LeaseLostError(id, marketplace));
    };
    await heartbeat();
    const timer = setInterval(() => void heartbeat(), (this.#lease * 1000) / 3);
    const started = Date.now();
    this.#log(`${id} ${marketplace}: started (attempt ${attempt} of ${of})`);
    let outcome: RunOutcome;
    try {
      const dealer = this.#options.config.dealers.find((d) => d.id === id && d.marketplace === marketplace);
      if (dealer === undefined) {
        const now = new Date().toISOString();
        outcome = {
          kind: 'failed',
          retry: false,
          run: { startedAt: now, finishedAt: now, created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0, blocked: 0, error: `${marketplace} dealer ${id} is not in this worker's fleet.json (${this.#options.config.file ?? 'config'}): give every worker the same config` },
        };
      } else {
        outcome = await runDealer(
          {
            sql: pool,
            config: this.#options.config,
            env: this.#options.env ?? process.env,
            shared: (m) => this.#sharedFor(m),
            concurrency: this.#options.dealerConcurrency ?? 4,
            ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
            ...(this.#options.inFlightGraceMs !== undefined ? { inFlightGraceMs: this.#options.inFlightGraceMs } : {}),
            ...(this.#options.drainMs !== undefined ? { drainMs: this.#options.drainMs } : {}),
          },
          dealer,
          { lease, validators: { etag: validators.feed_etag, lastModified: validators.feed_last_modified, ads: validators.feed_ads }, signal: running.controller.signal, hooks: running.hooks },
        );
      }
    } finally {
      clearInterval(timer);
    }
    if (running.controller.signal.reason instanceof LeaseLostError && outcome.kind !== 'done') outcome = { kind: 'lost' };
    await this.#finish(job, lease, outcome, Date.now() - started);
  }

  async #finish(job: BossJob<SyncJobData>, lease: string, outcome: RunOutcome, ms: number): Promise<void> {
    const pool = this.#pool as pg.Pool;
    const boss = this.#boss as PgBoss;
    const { dealer: id, marketplace } = job.data;
    const label = `${id} ${marketplace}`;
    if (outcome.kind === 'lost') {
      this.#log(`${label}: another worker took over this job (this worker's lease ran out); this worker let go of it`);
      return;
    }
    if (outcome.kind === 'stopped') {
      const released = await this.#requeue(job.id, job.data, lease);
      this.#log(released ? `${label}: stopped mid-run; queued again, the next worker resumes it from the journal` : `${label}: stopped; another worker holds it now`);
      return;
    }
    const retry = outcome.kind === 'failed' && outcome.retry && job.retryCount < job.retryLimit;
    const finished = await transaction(pool, async (client) => {
      const feed = outcome.kind === 'done' ? outcome.feed : undefined;
      const keepValidators = outcome.kind === 'done' && outcome.feed === undefined && outcome.note !== undefined;
      const updated = await client.query(
        `UPDATE ${SCHEMA}.dealer SET
           last_state = $4, last_run = $5::jsonb, lease = NULL, worker = NULL,
           feed_etag = CASE WHEN $9 THEN feed_etag ELSE $6 END,
           feed_last_modified = CASE WHEN $9 THEN feed_last_modified ELSE $7 END,
           feed_ads = CASE WHEN $9 THEN feed_ads ELSE $8 END
         WHERE dealer = $1 AND marketplace = $2 AND lease = $3`,
        [id, marketplace, lease, outcome.kind, JSON.stringify(outcome.run), feed?.etag ?? null, feed?.lastModified ?? null, feed?.ads ?? null, keepValidators],
      );
      if (updated.rowCount === 0) return false;
      const db = { db: executorOf(client) };
      if (outcome.kind === 'failed' && outcome.retry) await boss.fail(SYNC_QUEUE, job.id, { message: outcome.run.error ?? 'failed' }, db);
      else await boss.complete(SYNC_QUEUE, job.id, { outcome: outcome.kind, ...(outcome.run.error ? { error: outcome.run.error } : {}) }, db);
      return true;
    });
    if (!finished) {
      this.#log(`${label}: another worker took over this job while it finished; its result is not recorded here`);
      return;
    }
    if (outcome.kind === 'done') this.#log(`${label}: done in ${seconds(ms)}: ${outcome.note ?? summary(outcome.run)}`);
    else if (retry) this.#log(`${label}: failed, will be retried (attempt ${job.retryCount + 2} of ${job.retryLimit + 1}): ${outcome.run.error}`);
    else this.#log(`${label}: failed${outcome.retry ? ' (no retries left)' : ' (not retried: it would fail the same way)'}: ${outcome.run.error}${outcome.run.created + outcome.run.updated + outcome.run.deleted > 0 ? `; ${summary(outcome.run)}` : ''}`);
  }

  /**
   * Gives a job back without spending one of its retries: it is completed and a fresh job for the same dealer is
   * queued, in one transaction (pg-boss has no "release"). With `lease`, only while this worker still holds it.
   */
  async #requeue(jobId: string, data: SyncJobData, lease?: string): Promise<boolean> {
    const pool = this.#pool as pg.Pool;
    const boss = this.#boss as PgBoss;
    return transaction(pool, async (client) => {
      if (lease !== undefined) {
        const released = await client.query(`UPDATE ${SCHEMA}.dealer SET lease = NULL, worker = NULL WHERE dealer = $1 AND marketplace = $2 AND lease = $3`, [data.dealer, data.marketplace, lease]);
        if (released.rowCount === 0) return false;
      }
      const db = { db: executorOf(client) };
      await boss.complete(SYNC_QUEUE, jobId, { outcome: 'stopped' }, db);
      const job = await client.query<{ retry_limit: number; retry_delay: number }>(
        `SELECT retry_limit, retry_delay FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND id = $2`,
        [SYNC_QUEUE, jobId],
      );
      const old = job.rows[0];
      await boss.send(SYNC_QUEUE, data, {
        singletonKey: dealerKey({ id: data.dealer, marketplace: data.marketplace }),
        ...(old ? { retryLimit: old.retry_limit, retryDelay: old.retry_delay, retryBackoff: true } : {}),
        expireInSeconds: this.#lease,
        ...db,
      });
      return true;
    });
  }
}
