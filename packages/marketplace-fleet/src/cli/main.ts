import { isAbsolute, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { ConfigError, readFleetConfig, type FleetConfig } from '../config.js';
import { DatabaseError, migrate } from '../db.js';
import { enqueue } from '../enqueue.js';
import { schedule, ScheduleError } from '../schedule.js';
import { status, statusJson, statusTable } from '../status.js';
import { FleetWorker } from '../worker.js';

/** What the command writes to and reads from; injectable for tests. */
export type Io = {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on the first SIGINT/SIGTERM: the worker stops gracefully. */
  stop?: AbortSignal;
  /** Aborted on the second: the worker stops at once. */
  kill?: AbortSignal;
  /** The fetch the API clients use (tests). */
  fetch?: (request: Request) => Promise<Response>;
};

/** A usage problem: exit 2, one line. */
class UsageError extends Error {}

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number >= 1');
  return Number(value);
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number >= 0');
  return Number(value);
}

/** `45`, `45s`, `2m`: seconds. */
function secondsOf(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m)?\s*$/.exec(value);
  if (match === null) throw new InvalidArgumentError('must be seconds (45, 45s) or minutes (2m)');
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

/** The database URL without its password: what messages show. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

function databaseUrl(options: { databaseUrl?: string }, io: Io): string {
  const url = options.databaseUrl ?? io.env.DATABASE_URL;
  if (url === undefined || url.trim() === '') throw new UsageError('no database: pass --database-url URL or set DATABASE_URL (postgres://user:password@host:5432/db)');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError(`--database-url must be a postgres:// URL, got ${shownUrl(url)}`);
  return url;
}

function config(file: string, io: Io): FleetConfig {
  return readFleetConfig(isAbsolute(file) ? file : resolve(io.cwd, file));
}

/** A database error in one line, without the password. */
function databaseProblem(error: unknown, url: string | undefined): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const where = url ? shownUrl(url) : 'the database';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH'].includes(code)) return `cannot connect to ${where} (${code}): check --database-url and that PostgreSQL is running`;
  if (code === '28P01' || code === '28000') return `the database refused the login for ${where} (${code}): check the user and password in --database-url`;
  if (code === '3D000') return `${where}: no such database (${code})`;
  return `${where}: ${(error as Error).message.replace(/\s+/g, ' ')} (${code})`;
}

function program(io: Io, run: (action: () => Promise<number>) => void): Command {
  const root = new Command('marketplace-fleet')
    .description('Sync many dealers to Pro Import and Kleinanzeigen from workers sharing one PostgreSQL database (pg-boss).')
    .version(packageJson.version, '--version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  const db = (c: Command) => c.option('--database-url <url>', 'postgres://user:password@host:5432/db (or DATABASE_URL)');

  db(root.command('migrate').description("create or upgrade the schema (pg-boss's and the fleet's); idempotent")).action((options: { databaseUrl?: string }) =>
    run(async () => {
      const result = await migrate({ databaseUrl: databaseUrl(options, io) });
      const fleet = result.fleet.from === result.fleet.to ? `fleet schema at version ${result.fleet.to} (up to date)` : `fleet schema ${result.fleet.from === 0 ? 'created' : `upgraded from version ${result.fleet.from}`} at version ${result.fleet.to}`;
      io.out(`migrated ${shownUrl(databaseUrl(options, io))}: pg-boss schema "pgboss" at version ${result.boss.version}, queues fleet-sync and fleet-schedule; ${fleet}`);
      return 0;
    }),
  );

  db(root.command('enqueue').description('queue one sync job per dealer (or the named ones); dealers already queued or running are left as they are'))
    .requiredOption('--config <file>', 'fleet.json')
    .option('--dealer <id>', 'only this dealer (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--retries <n>', 'retries after a transient failure or a lost worker (default 5)', wholeNumber)
    .option('--retry-delay <seconds>', 'before the first retry, doubled each time (default 10s)', secondsOf)
    .option('--lease <seconds>', "a job whose worker stopped renewing it for this long goes to another worker (default 45s)", secondsOf)
    .action((options: { databaseUrl?: string; config: string; dealer: string[]; retries?: number; retryDelay?: number; lease?: number }) =>
      run(async () => {
        const results = await enqueue({
          databaseUrl: databaseUrl(options, io),
          config: config(options.config, io),
          dealers: options.dealer,
          ...(options.retries !== undefined ? { retryLimit: options.retries } : {}),
          ...(options.retryDelay !== undefined ? { retryDelay: Math.round(options.retryDelay) } : {}),
          ...(options.lease !== undefined ? { leaseSeconds: Math.round(options.lease) } : {}),
        });
        for (const r of results) io.out(r.queued ? `queued ${r.dealer} (${r.marketplace})` : `${r.dealer} (${r.marketplace}): already queued or running, not queued again`);
        const queued = results.filter((r) => r.queued).length;
        io.out(`${queued} queued, ${results.length - queued} already queued or running`);
        return 0;
      }),
    );

  db(root.command('worker').description('take sync jobs until SIGINT/SIGTERM, then stop gracefully (exit 0)'))
    .requiredOption('--config <file>', 'fleet.json (credentials are read from this process environment)')
    .option('--concurrency <n>', 'dealers synced at the same time', positiveInt, 4)
    .option('--dealer-concurrency <n>', 'operations at the same time within one dealer', positiveInt, 4)
    .option('--lease <seconds>', 'renewed while a job runs; a worker silent this long loses its jobs to others (default 45s)', secondsOf)
    .option('--maintenance <seconds>', "how often pg-boss's maintenance hands expired jobs on (default 15s)", secondsOf)
    .option('--poll <seconds>', 'how often an idle worker looks for a job (default 2s)', secondsOf)
    .action((options: { databaseUrl?: string; config: string; concurrency: number; dealerConcurrency: number; lease?: number; maintenance?: number; poll?: number }) =>
      run(async () => {
        const worker = new FleetWorker({
          databaseUrl: databaseUrl(options, io),
          config: config(options.config, io),
          concurrency: options.concurrency,
          dealerConcurrency: options.dealerConcurrency,
          ...(options.lease !== undefined ? { leaseSeconds: options.lease } : {}),
          ...(options.maintenance !== undefined ? { maintenanceSeconds: Math.max(1, Math.round(options.maintenance)) } : {}),
          ...(options.poll !== undefined ? { pollSeconds: Math.max(0.5, options.poll) } : {}),
          env: io.env,
          log: io.out,
          ...(io.fetch ? { fetch: io.fetch } : {}),
        });
        await worker.start();
        io.stop?.addEventListener('abort', () => void worker.stop(), { once: true });
        io.kill?.addEventListener('abort', () => {
          io.out('stopping at once: requests in flight are abandoned; their jobs go to another worker once their leases run out');
          void worker.kill();
        }, { once: true });
        if (io.stop?.aborted) void worker.stop();
        await worker.finished;
        return 0;
      }),
    );

  db(root.command('status').description('one row per dealer: queued, running, done, failed or never, and its last run'))
    .option('--json', 'one JSON array: [{ dealer, marketplace, state, lastRun }]')
    .action((options: { databaseUrl?: string; json?: boolean }) =>
      run(async () => {
        const { dealers, rates } = await status({ databaseUrl: databaseUrl(options, io) });
        if (options.json) io.out(JSON.stringify(statusJson(dealers)));
        else for (const line of statusTable(dealers, rates)) io.out(line);
        return 0;
      }),
    );

  db(root.command('schedule').description("enqueue every dealer on a schedule (pg-boss's cron, run by the workers)"))
    .option('--every <interval>', '15m, 30m, 1h, 6h, 24h, ...')
    .option('--cron <expression>', 'a 5-field cron expression in UTC instead of --every')
    .option('--off', 'remove the schedule')
    .option('--config <file>', 'also register the dealers of this fleet.json')
    .action((options: { databaseUrl?: string; every?: string; cron?: string; off?: boolean; config?: string }) =>
      run(async () => {
        const result = await schedule({
          databaseUrl: databaseUrl(options, io),
          ...(options.every !== undefined ? { every: options.every } : {}),
          ...(options.cron !== undefined ? { cron: options.cron } : {}),
          ...(options.off ? { off: true } : {}),
          ...(options.config !== undefined ? { config: config(options.config, io) } : {}),
        });
        if (result.cron === null) io.out('schedule removed: dealers are queued only by enqueue from now on');
        else io.out(`scheduled${result.every ? ` every ${result.every}` : ''}: cron "${result.cron}" (UTC); at each tick a running worker queues every dealer not already queued or running`);
        return 0;
      }),
    );
  return root;
}

/**
 * `marketplace-fleet <command>`: answers the exit code: 0 done (a worker that stopped on a signal too), 2 a usage,
 * config or database problem (one line on stderr).
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: string[], ioOverride: Partial<Io> = {}): Promise<number> {
  const io: Io = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.env.INIT_CWD ?? process.cwd(),
    ...ioOverride,
  };
  let pending: Promise<number> | undefined;
  const cmd = program(io, (action) => {
    pending = action();
  });
  try {
    await cmd.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  if (pending === undefined) {
    io.err(cmd.helpInformation().trimEnd());
    return 2;
  }
  try {
    return await pending;
  } catch (error) {
    const fail = (message: string) => {
      io.err(`error: ${message}`);
      return 2;
    };
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof DatabaseError || error instanceof ScheduleError || error instanceof RangeError) return fail(error.message);
    const flag = argv.findIndex((a) => a === '--database-url' || a.startsWith('--database-url='));
    const url = flag < 0 ? io.env.DATABASE_URL : (argv[flag] as string).includes('=') ? (argv[flag] as string).slice('--database-url='.length) : argv[flag + 1];
    const problem = databaseProblem(error, url);
    if (problem !== undefined) return fail(problem);
    return fail(error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error));
  }
}
