import pg from 'pg';
import { PgBoss } from './boss.js';

/** Our tables' schema (pg-boss keeps its own, `pgboss`, in the same database). */
export const SCHEMA = 'fleet';
/** pg-boss's schema. */
export const BOSS_SCHEMA = 'pgboss';
/** The queue of dealer syncs: one job per dealer and marketplace at a time (policy `stately`, singleton key). */
export const SYNC_QUEUE = 'fleet-sync';
/** The queue `pnpm fleet schedule` fills through pg-boss's cron: each job enqueues every dealer. */
export const SCHEDULE_QUEUE = 'fleet-schedule';

/** A statement runner: a pool, or one client inside a transaction. */
export type Sql = { query: pg.Pool['query'] };

/** A database that is not ready for the fleet: one line, what to do. */
export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/**
 * Our migrations, in order; each runs once, in one transaction, under an advisory lock (two `migrate` at once are
 * safe). Never edit one that shipped: add the next.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE ${SCHEMA}.dealer (
    dealer text NOT NULL,
    marketplace text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    -- the account the journal's memory belongs to (never a credential)
    target text,
    -- the run in progress: the fencing token of the worker holding it, its job, since when, its counters
    lease uuid,
    job_id uuid,
    worker text,
    run_started_at timestamptz,
    run_heartbeat_at timestamptz,
    attempt int,
    progress jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- the last finished run
    last_state text CHECK (last_state IN ('done', 'failed')),
    last_run jsonb,
    -- the validators of the feed the last converged run synced (conditional requests)
    feed_etag text,
    feed_last_modified text,
    feed_ads int,
    PRIMARY KEY (dealer, marketplace)
  );
  CREATE TABLE ${SCHEMA}.journal (
    dealer text NOT NULL,
    marketplace text NOT NULL,
    source_id text NOT NULL,
    op text NOT NULL CHECK (op IN ('create', 'update', 'delete', 'retry')),
    status text NOT NULL CHECK (status IN ('intent', 'done', 'failed')),
    fingerprint text NOT NULL,
    at bigint NOT NULL,
    remote jsonb,
    request_id text,
    error text,
    PRIMARY KEY (dealer, marketplace, source_id),
    FOREIGN KEY (dealer, marketplace) REFERENCES ${SCHEMA}.dealer (dealer, marketplace) ON DELETE CASCADE
  );
  CREATE TABLE ${SCHEMA}.rate (
    marketplace text PRIMARY KEY,
    cap double precision,
    slow double precision,
    slowed_at timestamptz,
    paused_until timestamptz NOT NULL DEFAULT '-infinity',
    next_at timestamptz NOT NULL DEFAULT '-infinity',
    window_start timestamptz NOT NULL DEFAULT now(),
    window_count int NOT NULL DEFAULT 0,
    last_window int NOT NULL DEFAULT 0,
    throttled bigint NOT NULL DEFAULT 0,
    granted bigint NOT NULL DEFAULT 0
  );
  INSERT INTO ${SCHEMA}.rate (marketplace) VALUES ('pro-import'), ('kleinanzeigen');
  `,
];

/** The schema version this code needs. */
export const FLEET_VERSION = MIGRATIONS.length;

/**
 * A connection pool for the fleet's database. `application_name` names the process in `pg_stat_activity`.
 *
 * @example
 * const pool = createPool(process.env.DATABASE_URL!, { max: 10 });
 */
export function createPool(databaseUrl: string, options: { max?: number; applicationName?: string } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10, application_name: options.applicationName ?? 'marketplace-fleet' });
  // An idle client that loses its connection emits here; the next query reconnects (and fails loudly if it cannot).
  pool.on('error', () => undefined);
  return pool;
}

/**
 * A small pool for the shared rate limit: every request of every worker updates one row per marketplace, and a slot
 * needs no durable commit, so these sessions commit without waiting for the disk (`synchronous_commit = off`; a crash
 * can forget the last slots handed out, never a journal record, which goes through the other pool).
 */
export function createRatePool(databaseUrl: string, options: { applicationName?: string } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: options.applicationName ?? 'marketplace-fleet rate', options: '-c synchronous_commit=off' });
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `work` in one transaction on one client of the pool. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The fleet schema's version, or 0 before the first `migrate`. */
export async function fleetVersion(sql: Sql): Promise<number> {
  const exists = await sql.query<{ name: string | null }>(`SELECT to_regclass('${SCHEMA}.version') AS name`);
  if (exists.rows[0]?.name === null || exists.rows[0]?.name === undefined) return 0;
  const row = await sql.query<{ version: number }>(`SELECT version FROM ${SCHEMA}.version`);
  return row.rows[0]?.version ?? 0;
}

/** Refuses a database that `migrate` has not prepared, or that a newer version of the fleet prepared. */
export async function assertMigrated(sql: Sql): Promise<void> {
  const version = await fleetVersion(sql);
  if (version === 0) throw new DatabaseError('the database has no fleet schema yet: run `pnpm fleet migrate` first');
  if (version < FLEET_VERSION) throw new DatabaseError(`the fleet schema is at version ${version}, this code needs ${FLEET_VERSION}: run \`pnpm fleet migrate\``);
  if (version > FLEET_VERSION) throw new DatabaseError(`the fleet schema is at version ${version}, newer than this code knows (${FLEET_VERSION}): upgrade @x/marketplace-fleet on this machine`);
}

/** Applies our migrations that have not run yet. Answers the versions before and after. */
async function migrateFleet(pool: pg.Pool): Promise<{ from: number; to: number }> {
  return transaction(pool, async (client) => {
    // One migrator at a time, across every process.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('x-marketplace-fleet.migrate'))`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.version (version int NOT NULL)`);
    const current = await client.query<{ version: number }>(`SELECT version FROM ${SCHEMA}.version`);
    const from = current.rows[0]?.version ?? 0;
    if (current.rowCount === 0) await client.query(`INSERT INTO ${SCHEMA}.version (version) VALUES (0)`);
    if (from > FLEET_VERSION) throw new DatabaseError(`the fleet schema is at version ${from}, newer than this code knows (${FLEET_VERSION}): upgrade @x/marketplace-fleet`);
    for (let v = from; v < FLEET_VERSION; v += 1) await client.query(MIGRATIONS[v] as string);
    await client.query(`UPDATE ${SCHEMA}.version SET version = $1`, [FLEET_VERSION]);
    return { from, to: FLEET_VERSION };
  });
}

/** The job options every sync job gets, unless `enqueue` is told otherwise. */
export const QUEUE_DEFAULTS = {
  /** Retries after a transient failure (or a worker lost mid-job); the dealer ends `failed` after the last. */
  retryLimit: 5,
  /** Seconds before the first retry; doubled each time (with jitter): 10-20 s, 20-40 s, ... */
  retryDelay: 10,
  retryBackoff: true,
  /** The lease: a job whose worker stopped renewing it for this long is handed to another worker. */
  expireInSeconds: 45,
};

export type MigrateResult = { fleet: { from: number; to: number }; boss: { version: number } };

/**
 * Creates or upgrades everything the fleet needs in the database: pg-boss's schema (`pgboss`) and its two queues,
 * and ours (`fleet`: dealers, the journal, the shared rate limit). Idempotent, and safe to run from several machines
 * at once.
 *
 * @example
 * await migrate({ databaseUrl: process.env.DATABASE_URL! });
 */
export async function migrate(options: { databaseUrl: string }): Promise<MigrateResult> {
  const pool = createPool(options.databaseUrl, { max: 3, applicationName: 'marketplace-fleet migrate' });
  try {
    const boss = new PgBoss({ db: executorOf(pool), schema: BOSS_SCHEMA, migrate: true, supervise: false, schedule: false });
    boss.on('error', () => undefined);
    await boss.start();
    try {
      const queue = { name: SYNC_QUEUE, policy: 'stately' as const, ...QUEUE_DEFAULTS };
      if ((await boss.getQueue(SYNC_QUEUE)) === null) await boss.createQueue(SYNC_QUEUE, queue);
      else await boss.updateQueue(SYNC_QUEUE, queue);
      if ((await boss.getQueue(SCHEDULE_QUEUE)) === null) await boss.createQueue(SCHEDULE_QUEUE, { name: SCHEDULE_QUEUE, policy: 'short', retryLimit: 2, retryDelay: 5, expireInSeconds: 600 });
    } finally {
      await boss.stop({ graceful: false, close: false, wait: true });
    }
    const fleet = await migrateFleet(pool);
    const version = await pool.query<{ version: number }>(`SELECT version FROM ${BOSS_SCHEMA}.version`);
    return { fleet, boss: { version: Number(version.rows[0]?.version ?? 0) } };
  } finally {
    await pool.end();
  }
}

/** pg-boss's `db` option over our pool, so one process keeps one pool. */
export function executorOf(sql: Sql): { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } {
  return { executeSql: (text, values) => sql.query(text, values as unknown[]) };
}
