import { PgBoss } from './boss.js';
import { ConfigError, dealerKey, type FleetConfig, type Marketplace } from './config.js';
import { assertMigrated, BOSS_SCHEMA, createPool, executorOf, QUEUE_DEFAULTS, SCHEMA, SYNC_QUEUE, type Sql } from './db.js';

/** What `enqueue` did for one dealer. */
export type EnqueueResult = { dealer: string; marketplace: Marketplace; queued: boolean; jobId?: string };

/** Job settings for `enqueue` (pg-boss's retry and expiry). */
export type JobSettings = {
  /** Retries after a transient failure or a lost worker. Default 5. */
  retryLimit?: number;
  /** Seconds before the first retry, doubled each time. Default 10. */
  retryDelay?: number;
  /** The lease a worker renews while the job runs (seconds). Default 45. */
  leaseSeconds?: number;
};

/** Makes the dealers known to the database (so `status` lists them, `never` until their first run). */
export async function registerDealers(sql: Sql, dealers: ReadonlyArray<{ id: string; marketplace: Marketplace }>): Promise<void> {
  if (dealers.length === 0) return;
  await sql.query(
    `INSERT INTO ${SCHEMA}.dealer (dealer, marketplace) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
    [dealers.map((d) => d.id), dealers.map((d) => d.marketplace)],
  );
}

/**
 * One sync job per dealer, unless the dealer already has one queued, waiting for a retry or running (then nothing is
 * queued). The queue's `stately` policy keeps at most one queued and one running job per dealer whatever races; this
 * check also keeps a job from queueing behind a running one.
 */
export async function enqueueDealers(
  sql: Sql,
  boss: PgBoss,
  dealers: ReadonlyArray<{ id: string; marketplace: Marketplace }>,
  settings: JobSettings = {},
): Promise<EnqueueResult[]> {
  const results: EnqueueResult[] = [];
  for (const dealer of dealers) {
    const key = dealerKey(dealer);
    const live = await sql.query(`SELECT 1 FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' LIMIT 1`, [SYNC_QUEUE, key]);
    if ((live.rowCount ?? 0) > 0) {
      results.push({ dealer: dealer.id, marketplace: dealer.marketplace, queued: false });
      continue;
    }
    const jobId = await boss.send(SYNC_QUEUE, { dealer: dealer.id, marketplace: dealer.marketplace }, {
      singletonKey: key,
      retryLimit: settings.retryLimit ?? QUEUE_DEFAULTS.retryLimit,
      retryDelay: settings.retryDelay ?? QUEUE_DEFAULTS.retryDelay,
      retryBackoff: true,
      expireInSeconds: settings.leaseSeconds ?? QUEUE_DEFAULTS.expireInSeconds,
    });
    results.push({ dealer: dealer.id, marketplace: dealer.marketplace, queued: jobId !== null, ...(jobId !== null ? { jobId } : {}) });
  }
  return results;
}

/** Starts a pg-boss that only sends (no maintenance, no cron) over `sql`. */
export async function sendingBoss(sql: Sql): Promise<PgBoss> {
  const boss = new PgBoss({ db: executorOf(sql), schema: BOSS_SCHEMA, migrate: false, supervise: false, schedule: false });
  boss.on('error', () => undefined);
  await boss.start();
  return boss;
}

/**
 * Queues one sync job per dealer of the config (or of the ids in `dealers`), registering every dealer of the config.
 * A dealer whose job is already queued or running is not queued again (`queued: false`).
 *
 * @example
 * const results = await enqueue({ databaseUrl, config: readFleetConfig('fleet.json'), dealers: ['D1'] });
 */
export async function enqueue(options: { databaseUrl: string; config: FleetConfig; dealers?: readonly string[] } & JobSettings): Promise<EnqueueResult[]> {
  const { config } = options;
  const wanted = options.dealers && options.dealers.length > 0 ? new Set(options.dealers) : undefined;
  if (wanted) {
    for (const id of wanted) if (!config.dealers.some((d) => d.id === id)) throw new ConfigError(`--dealer ${id}: no dealer with this id in ${config.file ?? 'the config'}`);
  }
  const pool = createPool(options.databaseUrl, { max: 2, applicationName: 'marketplace-fleet enqueue' });
  try {
    await assertMigrated(pool);
    await registerDealers(pool, config.dealers);
    const boss = await sendingBoss(pool);
    try {
      const targets = config.dealers.filter((d) => wanted === undefined || wanted.has(d.id));
      return await enqueueDealers(pool, boss, targets, options);
    } finally {
      await boss.stop({ graceful: false, close: false, wait: true });
    }
  } finally {
    await pool.end();
  }
}
