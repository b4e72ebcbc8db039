import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningFakeServer } from '@x/pro-import-testkit/server';
import { cronOf, ScheduleError } from '../src/schedule.js';
import type { FleetWorker } from '../src/worker.js';
import { feedAds, freshDatabase, query, runCli, startProImport, startWorker, states, tempDir, until, writeConfig, writeNdjson } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

describe('the commands', () => {
  let databaseUrl: string;
  let configFile: string;
  const dir = tempDir();

  beforeAll(async () => {
    databaseUrl = await freshDatabase('cli', { migrated: false });
    const dealers = [
      { id: 'D1', marketplace: 'pro-import', tokenEnv: 'D1_TOKEN', feed: 'd1.ndjson' },
      { id: 'D2', marketplace: 'pro-import', tokenEnv: 'D2_TOKEN', feed: 'd2.ndjson' },
      { id: 'D2', marketplace: 'kleinanzeigen', clientIdEnv: 'D2_ID', clientSecretEnv: 'D2_SECRET', feed: 'd2.ndjson' },
    ];
    configFile = writeConfig(join(dir, 'fleet.json'), { dealers });
  });

  it('--version prints the package version; no command prints the help and exits 2', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toEqual({ code: 0, out: [version], err: [] });
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.err.join('\n')).toMatch(/^Usage: marketplace-fleet \[options\] \[command\]/);
  });

  it('before migrate: every command but migrate says to run it first', async () => {
    const result = await runCli(['status', '--database-url', databaseUrl]);
    expect(result).toEqual({ code: 2, out: [], err: ['error: the database has no fleet schema yet: run `pnpm fleet migrate` first'] });
  });

  it('migrate creates the schema, and again changes nothing', async () => {
    const first = await runCli(['migrate', '--database-url', databaseUrl]);
    expect(first.err).toEqual([]);
    expect(first.out).toEqual([expect.stringMatching(/^migrated postgres:\/\/postgres@127\.0\.0\.1:\d+\/cli_\w+: pg-boss schema "pgboss" at version \d+, queues fleet-sync and fleet-schedule; fleet schema created at version 1$/)]);
    const again = await runCli(['migrate'], { DATABASE_URL: databaseUrl });
    expect(again.code).toBe(0);
    expect(again.out[0]).toMatch(/fleet schema at version 1 \(up to date\)$/);
    const queues = await query<{ name: string; policy: string; expire_seconds: number }>(databaseUrl, `SELECT name, policy, expire_seconds FROM pgboss.queue WHERE name LIKE 'fleet-%' ORDER BY name`);
    expect(queues).toEqual([
      { name: 'fleet-schedule', policy: 'short', expire_seconds: 600 },
      { name: 'fleet-sync', policy: 'stately', expire_seconds: 45 },
    ]);
  });

  it('status lists registered dealers: never, then queued; --dealer picks one', async () => {
    const empty = await runCli(['status', '--database-url', databaseUrl]);
    expect(empty.out.at(-1)).toBe('0 dealer(s): none registered yet (run enqueue)');
    const queued = await runCli(['enqueue', '--config', configFile, '--dealer', 'D2'], { DATABASE_URL: databaseUrl });
    expect(queued.out).toEqual(['queued D2 (pro-import)', 'queued D2 (kleinanzeigen)', '2 queued, 0 already queued or running']);
    const json = await runCli(['status', '--json', '--database-url', databaseUrl]);
    expect(JSON.parse(json.out[0] as string)).toEqual([
      { dealer: 'D1', marketplace: 'pro-import', state: 'never', lastRun: null },
      { dealer: 'D2', marketplace: 'kleinanzeigen', state: 'queued', lastRun: null },
      { dealer: 'D2', marketplace: 'pro-import', state: 'queued', lastRun: null },
    ]);
    const table = await runCli(['status', '--database-url', databaseUrl]);
    expect(table.out.slice(1)).toEqual([
      expect.stringMatching(/^D1 +pro-import +never +-$/),
      expect.stringMatching(/^D2 +kleinanzeigen +queued +-$/),
      expect.stringMatching(/^D2 +pro-import +queued +-$/),
      '3 dealer(s): 2 queued, 1 never',
    ]);
    const unknown = await runCli(['enqueue', '--config', configFile, '--dealer', 'D9', '--database-url', databaseUrl]);
    expect(unknown.err).toEqual([`error: --dealer D9: no dealer with this id in ${configFile}`]);
  });

  it('a database that cannot be reached or refuses the login: one line, without the password', async () => {
    const none = await runCli(['status']);
    expect(none.err).toEqual(['error: no database: pass --database-url URL or set DATABASE_URL (postgres://user:password@host:5432/db)']);
    const refused = await runCli(['status', '--database-url', 'postgres://fleet:hunter2secret@127.0.0.1:1/fleet']);
    expect(refused).toEqual({ code: 2, out: [], err: ['error: cannot connect to postgres://fleet@127.0.0.1:1/fleet (ECONNREFUSED): check --database-url and that PostgreSQL is running'] });
    const login = new URL(databaseUrl);
    login.password = 'wrong-password-123';
    const denied = await runCli(['status'], { DATABASE_URL: login.href });
    expect(denied.err).toEqual([expect.stringMatching(/^error: the database refused the login for postgres:\/\/postgres@127\.0\.0\.1:\d+\/cli_\w+ \(28P01\): check the user and password in --database-url$/)]);
    expect(denied.err.join()).not.toContain('wrong-password-123');
  });

  it('schedule --every 15m stores the cron; an interval cron cannot express is refused; --off removes it', async () => {
    const set = await runCli(['schedule', '--every', '15m', '--database-url', databaseUrl]);
    expect(set.out).toEqual(['scheduled every 15m: cron "*/15 * * * *" (UTC); at each tick a running worker queues every dealer not already queued or running']);
    expect(await query(databaseUrl, `SELECT name, cron, timezone FROM pgboss.schedule`)).toEqual([{ name: 'fleet-schedule', cron: '*/15 * * * *', timezone: 'UTC' }]);
    const bad = await runCli(['schedule', '--every', '7m', '--database-url', databaseUrl]);
    expect(bad.err).toEqual(['error: --every 7m: must be a number of minutes dividing an hour (1m, 5m, 10m, 15m, 20m, 30m) or of hours dividing a day (1h, 2h, 3h, 4h, 6h, 8h, 12h, 24h)']);
    const off = await runCli(['schedule', '--off', '--database-url', databaseUrl]);
    expect(off.out).toEqual(['schedule removed: dealers are queued only by enqueue from now on']);
    expect(await query(databaseUrl, `SELECT name FROM pgboss.schedule`)).toEqual([]);
  });

  it('cron forms of --every', () => {
    expect(['1m', '5m', '15m', '30m', '1h', '2h', '6h', '24h', '1d'].map(cronOf)).toEqual(['* * * * *', '*/5 * * * *', '*/15 * * * *', '*/30 * * * *', '0 * * * *', '0 */2 * * *', '0 */6 * * *', '0 0 * * *', '0 0 * * *']);
    for (const bad of ['7m', '90m', '5h', '2d', 'often']) expect(() => cronOf(bad)).toThrow(ScheduleError);
  });

  it('the root scripts, as a vendor types them: pnpm fleet migrate | status --json with DATABASE_URL', async () => {
    const env = { ...process.env, DATABASE_URL: databaseUrl };
    const migrated = await run('pnpm', ['-s', 'fleet', 'migrate'], { cwd: ROOT, env });
    expect(migrated.stdout).toMatch(/fleet schema at version 1 \(up to date\)\n$/);
    const status = await run('pnpm', ['-s', 'fleet', 'status', '--json'], { cwd: ROOT, env });
    expect((JSON.parse(status.stdout) as unknown[]).length).toBe(3);
  });
});

describe('the schedule, run by the workers', () => {
  let pro: RunningFakeServer;
  let worker: FleetWorker;

  beforeAll(async () => {
    pro = await startProImport();
  });
  afterAll(async () => {
    await worker?.stop();
    await pro.close();
  });

  it("pg-boss's cron fires in a running worker, which queues every dealer", async () => {
    const databaseUrl = await freshDatabase('cron');
    const dir = tempDir();
    const env = { T1_TOKEN: pro.fake.token({ scope: 'dealer_code', dealer_code: 'T1' }), T2_TOKEN: pro.fake.token({ scope: 'dealer_code', dealer_code: 'T2' }) };
    const dealers = ['T1', 'T2'].map((id, i) => ({ id, marketplace: 'pro-import' as const, baseUrl: pro.baseUrl, tokenEnv: `${id}_TOKEN`, feed: writeNdjson(join(dir, `${id}.ndjson`), feedAds(3, 60 + i, id)) }));
    const file = writeConfig(join(dir, 'fleet.json'), { dealers });
    // Every minute: the first tick is due as soon as a worker's cron check runs.
    const set = await runCli(['schedule', '--every', '1m', '--config', file, '--database-url', databaseUrl]);
    expect(set.code).toBe(0);
    expect(await states(databaseUrl)).toEqual({ 'T1/pro-import': 'never', 'T2/pro-import': 'never' });
    const log: string[] = [];
    worker = await startWorker({ databaseUrl, config: { dealers, file }, env }, log);
    await until('a tick queued both dealers', () => log.some((l) => l.startsWith('schedule: queued 2 dealer(s)')), 60_000);
    await until('both dealers done', async () => Object.values(await states(databaseUrl)).every((s) => s === 'done'));
    expect(pro.fake.listAds()).toHaveLength(6);
  });
});
