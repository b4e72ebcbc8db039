import type { LastRun } from './job.js';
import { assertMigrated, BOSS_SCHEMA, createPool, SCHEMA, SYNC_QUEUE, type Sql } from './db.js';
import { SharedRateLimit, type SharedRateState } from './rate.js';

/** Where a dealer stands. */
export type DealerState = 'queued' | 'running' | 'done' | 'failed' | 'never';

/** One row of `status --json` (the shape is pinned: tests and dashboards read it). */
export type DealerStatus = {
  dealer: string;
  marketplace: string;
  state: DealerState;
  lastRun: LastRun | null;
};

/** A row with what the table shows besides: the run in progress, the next retry. */
export type DealerStatusDetail = DealerStatus & {
  /** While running: since when, on which worker, the attempt, counters so far. */
  current?: { since: string; worker: string | null; attempt: number | null; of: number | null; progress: Record<string, number> };
  /** While waiting for a retry: when it may start. */
  retryAt?: string;
};

type Row = {
  dealer: string;
  marketplace: string;
  last_state: 'done' | 'failed' | null;
  last_run: LastRun | null;
  lease: string | null;
  worker: string | null;
  run_started_at: Date | null;
  run_heartbeat_at: Date | null;
  attempt: number | null;
  progress: Record<string, number>;
  live_state: 'created' | 'retry' | 'active' | null;
  retry_limit: number | null;
  start_after: Date | null;
  last_job_state: string | null;
  last_job_output: { message?: string; value?: { message?: string } } | null;
};

const QUERY = `
  SELECT d.dealer, d.marketplace, d.last_state, d.last_run, d.lease, d.worker, d.run_started_at, d.run_heartbeat_at, d.attempt, d.progress,
         live.state AS live_state, live.retry_limit, live.start_after, gone.state AS last_job_state, gone.output AS last_job_output
  FROM ${SCHEMA}.dealer d
  LEFT JOIN LATERAL (
    SELECT j.state::text AS state, j.retry_limit, j.start_after FROM ${BOSS_SCHEMA}.job j
    WHERE j.name = $1 AND j.singleton_key = d.marketplace || ':' || d.dealer AND j.state < 'completed'
    ORDER BY j.state DESC LIMIT 1
  ) live ON true
  LEFT JOIN LATERAL (
    SELECT * FROM (
      SELECT j.state::text AS state, j.output FROM ${BOSS_SCHEMA}.job j WHERE j.name = $1 AND j.id = d.job_id
      UNION ALL
      SELECT a.state::text AS state, a.output FROM ${BOSS_SCHEMA}.archive a WHERE a.name = $1 AND a.id = d.job_id
    ) found LIMIT 1
  ) gone ON d.lease IS NOT NULL AND live.state IS NULL
  ORDER BY d.dealer, d.marketplace`;

function detail(row: Row): DealerStatusDetail {
  const base = { dealer: row.dealer, marketplace: row.marketplace, lastRun: row.last_run };
  if (row.live_state === 'active') {
    return {
      ...base,
      state: 'running',
      current: {
        since: (row.run_started_at ?? new Date()).toISOString(),
        worker: row.worker,
        attempt: row.attempt,
        of: row.retry_limit === null ? null : row.retry_limit + 1,
        progress: row.progress,
      },
    };
  }
  if (row.live_state === 'created' || row.live_state === 'retry') {
    return { ...base, state: 'queued', ...(row.live_state === 'retry' && row.start_after ? { retryAt: row.start_after.toISOString() } : {}) };
  }
  if (row.lease !== null) {
    // A run began and no worker finished it, and no job is left to: its worker was lost with no retries left.
    const expired = /timeout/.test(row.last_job_output?.value?.message ?? row.last_job_output?.message ?? '');
    const error = expired
      ? `the worker running it (${row.worker ?? 'unknown'}) stopped renewing its lease (killed or cut off) and no retries were left; run enqueue again`
      : `the run on ${row.worker ?? 'a worker'} never finished and its job is gone (${row.last_job_state ?? 'deleted'}); run enqueue again`;
    const p = row.progress;
    return {
      ...base,
      state: 'failed',
      lastRun: {
        startedAt: (row.run_started_at ?? new Date()).toISOString(),
        finishedAt: (row.run_heartbeat_at ?? row.run_started_at ?? new Date()).toISOString(),
        created: p.created ?? 0,
        updated: p.updated ?? 0,
        deleted: p.deleted ?? 0,
        unchanged: 0,
        failed: p.failed ?? 0,
        blocked: 0,
        error,
      },
    };
  }
  return { ...base, state: row.last_state ?? 'never' };
}

/** Every dealer the database knows, with its state and last run. */
export async function dealerStatuses(sql: Sql): Promise<DealerStatusDetail[]> {
  const rows = await sql.query<Row>(QUERY, [SYNC_QUEUE]);
  return rows.rows.map(detail);
}

/**
 * `status`: one row per dealer and marketplace the database knows (`enqueue` registers them), and the shared rate
 * limits.
 *
 * @example
 * const { dealers } = await status({ databaseUrl });
 * console.log(dealers.filter((d) => d.state === 'failed').map((d) => d.lastRun?.error));
 */
export async function status(options: { databaseUrl: string }): Promise<{ dealers: DealerStatusDetail[]; rates: SharedRateState[] }> {
  const pool = createPool(options.databaseUrl, { max: 1, applicationName: 'marketplace-fleet status' });
  try {
    await assertMigrated(pool);
    return { dealers: await dealerStatuses(pool), rates: await SharedRateLimit.states(pool) };
  } finally {
    await pool.end();
  }
}

/** The pinned JSON shape: `[{ dealer, marketplace, state, lastRun }]`. */
export function statusJson(dealers: readonly DealerStatusDetail[]): DealerStatus[] {
  return dealers.map((d) => ({ dealer: d.dealer, marketplace: d.marketplace, state: d.state, lastRun: d.lastRun }));
}

function clock(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function duration(run: LastRun): string {
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms < 600_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/** The table `status` prints: one row per dealer, then a count per state and the rate limits that acted. */
export function statusTable(dealers: readonly DealerStatusDetail[], rates: readonly SharedRateState[] = []): string[] {
  const header = ['dealer', 'marketplace', 'state', 'last run', 'took', 'created', 'updated', 'deleted', 'unchanged', 'failed', 'blocked', 'note'];
  const rows: string[][] = [header];
  for (const d of dealers) {
    const run = d.lastRun;
    let note = run?.error ?? '';
    if (d.current) {
      const p = d.current.progress;
      note = `running since ${clock(d.current.since)} on ${d.current.worker ?? '?'}, attempt ${d.current.attempt ?? '?'}${d.current.of ? ` of ${d.current.of}` : ''}: ${p.created ?? 0} created, ${p.updated ?? 0} updated, ${p.deleted ?? 0} deleted so far`;
    } else if (d.retryAt) note = `retry after ${clock(d.retryAt)}${run?.error ? `: ${run.error}` : ''}`;
    rows.push([
      d.dealer,
      d.marketplace,
      d.state,
      run ? clock(run.finishedAt) : '-',
      run ? duration(run) : '',
      ...(run ? [run.created, run.updated, run.deleted, run.unchanged, run.failed, run.blocked].map(String) : ['', '', '', '', '', '']),
      note,
    ]);
  }
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const numeric = new Set([5, 6, 7, 8, 9, 10]);
  const lines = rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : numeric.has(i) ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number))).join('  ').trimEnd());
  const byState = new Map<string, number>();
  for (const d of dealers) byState.set(d.state, (byState.get(d.state) ?? 0) + 1);
  const order = ['done', 'failed', 'running', 'queued', 'never'];
  lines.push(`${dealers.length} dealer(s): ${order.filter((s) => byState.has(s)).map((s) => `${byState.get(s)} ${s}`).join(', ') || 'none registered yet (run enqueue)'}`);
  for (const r of rates) {
    if (r.cap === null && r.throttled === 0) continue;
    const paused = r.pausedForMs > 0 ? `, paused for ${(r.pausedForMs / 1000).toFixed(1)} s more` : '';
    lines.push(`${r.marketplace}: cap ${r.cap ?? 'none'} req/s across workers, now ${r.rate === null ? 'unlimited' : `${Math.round(r.rate * 10) / 10} req/s`}, ${r.throttled} x 429 seen${paused}`);
  }
  return lines;
}
