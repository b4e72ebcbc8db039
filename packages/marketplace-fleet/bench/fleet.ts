/**
 * `pnpm bench` for the fleet: prints figures, asserts nothing.
 *
 * Row 1: 200 dealers x 50 ads against the Pro Import fake over HTTP (its own process, every answer 50 ms late), with 1
 * and with 3 worker processes: time to converge, requests per second, and the ratio (the work waits on the network).
 * Row 2: 100 and 1,000 dealers x 100 ads (latency 0, 3 workers): both converge; database size and the workers' peak
 * memory at each size, and after an unchanged second sync.
 *
 * FLEET_BENCH_ROWS=scale,size picks rows. Figures are from one run on a shared machine: compare them as ratios.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createAdFactory, createTestToken } from '@x/pro-import-testkit';
import { enqueue, migrate, readFleetConfig } from '../src/index.js';
import { startLocalPostgres, type LocalPostgres } from '../src/local-postgres.js';

const BIN = fileURLToPath(new URL('../bin/fleet.mjs', import.meta.url));
const FAKE = fileURLToPath(new URL('./fake-server.ts', import.meta.url));
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const TYPES = ['car', 'boat', 'motorcycle', 'caravan'] as const;
const rows = new Set((process.env.FLEET_BENCH_ROWS ?? 'scale,size').split(','));

type Worker = { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> };

function node(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--conditions=@x/source', '--import', 'tsx', ...args], { cwd: PACKAGE, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The fake in its own process; `stop()` answers how many requests it answered. */
async function startFake(latencyMs: number): Promise<{ baseUrl: string; pid: number; stop(): Promise<number> }> {
  const child = node([FAKE, String(latencyMs)]);
  const messages: Array<Record<string, unknown>> = [];
  let buffered = '';
  let ready: (url: string) => void = () => undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
      const message = JSON.parse(buffered.slice(0, at)) as Record<string, unknown>;
      buffered = buffered.slice(at + 1);
      messages.push(message);
      if (typeof message.baseUrl === 'string') ready(message.baseUrl);
    }
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    ready = resolve;
    child.once('exit', (code) => reject(new Error(`the fake exited ${code}`)));
  });
  return {
    baseUrl,
    pid: child.pid as number,
    stop: () =>
      new Promise<number>((resolve) => {
        const answer = () => resolve(Number(messages.find((m) => typeof m.requests === 'number')?.requests ?? 0));
        if (child.exitCode !== null || child.signalCode !== null) return answer();
        child.once('exit', answer);
        child.kill('SIGTERM');
      }),
  };
}

function startWorker(args: string[], env: NodeJS.ProcessEnv): Worker {
  const child = node([BIN, 'worker', ...args], env);
  let failed = '';
  const ready = new Promise<void>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (text.includes('started: up to')) resolve();
      for (const line of text.split('\n')) if (/: failed/.test(line)) failed ||= line;
    });
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    if (failed) console.error(`a worker reported: ${failed}`);
    resolve(code);
  }));
  return { child, ready, exited };
}

const TICK = 100; // clock ticks per second (USER_HZ) on Linux

/** CPU seconds a process used (user + system), with its reaped children's when `children` (Linux /proc). */
function cpuSeconds(pid: number, children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    return ((utime ?? 0) + (stime ?? 0) + (children ? (cutime ?? 0) + (cstime ?? 0) : 0)) / TICK;
  } catch {
    return 0;
  }
}

/** CPU seconds of the PostgreSQL server: the postmaster, its live backends and those that ended. */
function postgresCpu(postmaster: number): number {
  let total = cpuSeconds(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) total += cpuSeconds(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Peak and current resident memory of a process, in MB (Linux /proc). */
function memory(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

function writeFleet(dir: string, baseUrl: string, dealers: number, ads: number, prefix: string): { file: string; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = {};
  const factory = createAdFactory({ seed: 7 });
  const config = {
    dealers: Array.from({ length: dealers }, (_, d) => {
      const id = `${prefix}${String(d + 1).padStart(4, '0')}`;
      env[`${id}_TOKEN`] = createTestToken({ scope: 'dealer_code', dealer_code: id }, { secret: 'fleet-bench-secret' });
      const lines = Array.from({ length: ads }, (_, i) => {
        const type = TYPES[i % TYPES.length] as string;
        return JSON.stringify({ vehicle_type: type, ...(factory.buildAd(type, { source_id: `${id}-${i}`, price: [{ type: 'list', amount: 100_000 + i, currency: 'SEK' }] }) as object) });
      });
      writeFileSync(join(dir, `${id}.ndjson`), `${lines.join('\n')}\n`);
      return { id, marketplace: 'pro-import', baseUrl, tokenEnv: `${id}_TOKEN`, feed: `${id}.ndjson` };
    }),
  };
  const file = join(dir, `fleet-${prefix}.json`);
  writeFileSync(file, JSON.stringify(config));
  return { file, env };
}

type Run = { seconds: number; requests: number; perSecond: number; dbBytes: number; journalBytes: number; bossBytes: number; peakMb: number[]; nowMb: number[]; failed: number; cpu: { workers: number; postgres: number; fake: number }; load: number };

/** Enqueues every dealer of `file` and waits until each has finished a run after this call. */
async function converge(databaseUrl: string, file: string, workers: Worker[], count: number, pids: { postgres: number; fake: number }): Promise<Run> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const cpu = () => ({ workers: workers.reduce((n, w) => n + cpuSeconds(w.child.pid as number), 0), postgres: postgresCpu(pids.postgres), fake: cpuSeconds(pids.fake) });
    const cpuBefore = cpu();
    const started = performance.now();
    const since = new Date();
    await enqueue({ databaseUrl, config: readFleetConfig(file) });
    let finished = 0;
    let failed = 0;
    for (;;) {
      const row = (await client.query<{ finished: string; failed: string }>(
        `SELECT count(*) FILTER (WHERE lease IS NULL AND (last_run->>'finishedAt')::timestamptz >= $1) AS finished,
                count(*) FILTER (WHERE lease IS NULL AND last_state = 'failed' AND (last_run->>'finishedAt')::timestamptz >= $1) AS failed
         FROM fleet.dealer`,
        [since],
      )).rows[0];
      finished = Number(row?.finished ?? 0);
      failed = Number(row?.failed ?? 0);
      if (finished >= count) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    const sizes = (await client.query<{ db: string; journal: string; boss: string }>(
      `SELECT pg_database_size(current_database()) AS db, pg_total_relation_size('fleet.journal') AS journal,
              (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'pgboss' AND c.relkind = 'r') AS boss`,
    )).rows[0];
    const mem = workers.map((w) => memory(w.child.pid as number));
    const cpuAfter = cpu();
    const used = { workers: cpuAfter.workers - cpuBefore.workers, postgres: cpuAfter.postgres - cpuBefore.postgres, fake: cpuAfter.fake - cpuBefore.fake };
    return { cpu: used, load: loadavg()[0] ?? 0, seconds, requests: 0, perSecond: 0, dbBytes: Number(sizes?.db), journalBytes: Number(sizes?.journal), bossBytes: Number(sizes?.boss), peakMb: mem.map((m) => m.peak), nowMb: mem.map((m) => m.now), failed };
  } finally {
    await client.end();
  }
}

async function fleetRun(db: LocalPostgres, options: { label: string; dealers: number; ads: number; workers: number; latencyMs: number; concurrency: number; dealerConcurrency: number; again?: boolean }): Promise<Run[]> {
  const fake = await startFake(options.latencyMs);
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-'));
  const databaseUrl = await db.database(`bench_${options.label}`);
  const workers: Worker[] = [];
  try {
    await migrate({ databaseUrl });
    const { file, env } = writeFleet(dir, fake.baseUrl, options.dealers, options.ads, options.label.slice(0, 1).toUpperCase());
    for (let i = 0; i < options.workers; i += 1) {
      workers.push(startWorker(['--config', file, '--concurrency', String(options.concurrency), '--dealer-concurrency', String(options.dealerConcurrency)], { ...env, DATABASE_URL: databaseUrl }));
    }
    await Promise.all(workers.map((w) => w.ready));
    const pids = { postgres: db.pid, fake: fake.pid };
    const runs = [await converge(databaseUrl, file, workers, options.dealers, pids)];
    if (options.again) runs.push(await converge(databaseUrl, file, workers, options.dealers, pids));
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    // The requests of the first sync: every run after it re-lists each dealer once (one page each).
    const total = await fake.stop();
    const first = runs[0] as Run;
    first.requests = total - (runs.length - 1) * options.dealers * Math.ceil(options.ads / 1000);
    first.perSecond = first.requests / first.seconds;
    return runs;
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await fake.stop().catch(() => 0);
    rmSync(dir, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

console.log(`fleet bench on Node ${process.version} (${process.platform} ${process.arch}); figures from one run on a shared machine, compare ratios\n`);
const db = await startLocalPostgres({ settings: { max_connections: '300', shared_buffers: '256MB' } });
try {
  if (rows.has('scale')) {
    // Two requests in flight per worker: at 50 ms an answer a worker then needs about a tenth of a core (it waits on the
    // network), so three workers fit in what a shared 2-core machine leaves free; more in flight per worker makes the
    // CPU, not the network, the limit here (see the CPU per request printed beside the figures).
    const shape = { dealers: 200, ads: 50, latencyMs: 50, concurrency: 2, dealerConcurrency: 1 };
    const [one] = await fleetRun(db, { label: 'one', workers: 1, ...shape });
    const [three] = await fleetRun(db, { label: 'three', workers: 3, ...shape });
    const cpu = (r: Run) =>
      `CPU per request ${((1000 * (r.cpu.workers + r.cpu.postgres + r.cpu.fake)) / r.requests).toFixed(1)} ms (workers ${((1000 * r.cpu.workers) / r.requests).toFixed(1)}, PostgreSQL ${((1000 * r.cpu.postgres) / r.requests).toFixed(1)}, fake ${((1000 * r.cpu.fake) / r.requests).toFixed(1)}), load average ${r.load.toFixed(0)}`;
    if (one && three) {
      say(
        `200 dealers x 50 ads, fake 50 ms per answer, each worker ${shape.concurrency} dealers x ${shape.dealerConcurrency} operations at a time: ` +
          `1 worker ${one.seconds.toFixed(1)} s (${Math.round(one.perSecond)} req/s, ${one.requests} requests), ` +
          `3 workers ${three.seconds.toFixed(1)} s (${Math.round(three.perSecond)} req/s) -> ${(one.seconds / three.seconds).toFixed(2)}x (goal >= 2.5x)` +
          `${one.failed + three.failed > 0 ? `; ${one.failed + three.failed} dealers FAILED` : ''}`,
      );
      say(`  1 worker: ${cpu(one)}`);
      say(`  3 workers: ${cpu(three)}`);
    }
  }
  if (rows.has('size')) {
    const shape = { ads: 100, latencyMs: 0, workers: 3, concurrency: 4, dealerConcurrency: 4, again: true };
    const small = await fleetRun(db, { label: 'hundred', dealers: 100, ...shape });
    const large = await fleetRun(db, { label: 'thousand', dealers: 1000, ...shape });
    const describe = (dealers: number, [first, second]: Run[]) =>
      first && second
        ? `${dealers} dealers x 100 ads: converged in ${first.seconds.toFixed(1)} s (${Math.round(first.perSecond)} req/s${first.failed ? `, ${first.failed} FAILED` : ''}); ` +
          `database ${mb(first.dbBytes)} (journal ${mb(first.journalBytes)} = ${Math.round(first.journalBytes / (dealers * 100))} B/ad, pg-boss ${mb(first.bossBytes)}), ` +
          `after an unchanged second sync ${mb(second.dbBytes)} (${second.seconds.toFixed(1)} s); workers' peak RSS ${first.peakMb.map((m) => m.toFixed(0)).join(' / ')} MB, ` +
          `after the second ${second.peakMb.map((m) => m.toFixed(0)).join(' / ')} MB`
        : '';
    say(describe(100, small));
    say(describe(1000, large));
    const [s, l] = [small[0], large[0]];
    if (s && l) {
      say(
        `from 100 to 1,000 dealers: journal per ad ${Math.round(s.journalBytes / 10_000)} -> ${Math.round(l.journalBytes / 100_000)} B (x${(l.journalBytes / 100_000 / (s.journalBytes / 10_000)).toFixed(2)}), ` +
          `database per dealer ${Math.round(s.dbBytes / 100 / 1024)} -> ${Math.round(l.dbBytes / 1000 / 1024)} KB, ` +
          `worker peak RSS ${Math.max(...s.peakMb).toFixed(0)} -> ${Math.max(...l.peakMb).toFixed(0)} MB (x${(Math.max(...l.peakMb) / Math.max(...s.peakMb)).toFixed(2)})`,
      );
    }
  }
} finally {
  await db.stop();
}
console.log(`\nsummary\n${lines.map((l) => `- ${l}`).join('\n')}`);
