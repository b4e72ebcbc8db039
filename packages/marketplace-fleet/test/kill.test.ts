import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningFakeServer } from '@x/pro-import-testkit/server';
import type { DealerConfig } from '../src/config.js';
import { worstTakeoverSeconds, type FleetWorker } from '../src/worker.js';
import { createsOf, feedAds, freshDatabase, query, runCli, spawnCli, startProImport, startWorker, states, tempDir, until, writeConfig, writeNdjson, type Ad } from './helpers.js';

// Short leases so that a lost worker is noticed in seconds, not the default 45 s; the mechanism is the same.
const LEASE = ['--lease', '4s', '--maintenance', '1s', '--poll', '0.5s'];

it('with the default lease, maintenance, retry delay and polling, a lost job is taken over within two minutes', () => {
  expect(worstTakeoverSeconds({})).toBe(97);
  expect(worstTakeoverSeconds({})).toBeLessThan(120);
});

describe('a worker killed with SIGKILL mid-job', () => {
  let pro: RunningFakeServer;
  let databaseUrl: string;
  let configFile: string;
  let ads: Ad[];
  const dir = tempDir();
  const env: Record<string, string> = {};

  beforeAll(async () => {
    pro = await startProImport();
    databaseUrl = await freshDatabase('kill');
    env.DATABASE_URL = databaseUrl;
    env.K_TOKEN = pro.fake.token({ scope: 'dealer_code', dealer_code: 'K' });
    ads = feedAds(120, 5, 'K');
    const dealers: DealerConfig[] = [{ id: 'K', marketplace: 'pro-import', baseUrl: pro.baseUrl, tokenEnv: 'K_TOKEN', feed: writeNdjson(join(dir, 'k.ndjson'), ads) }];
    configFile = writeConfig(join(dir, 'fleet.json'), { dealers });
    // Slow answers, so that the job is still running when the worker is killed.
    pro.fake.faults.schedule({ path: '/v4/*', delayMs: 25, count: 1_000_000 });
  });
  afterAll(() => pro.close());

  it('is taken up by another worker, which finishes it: every ad as in the feed, each created exactly once', async () => {
    const first = spawnCli(['worker', '--config', configFile, '--dealer-concurrency', '2', ...LEASE], env);
    await until('the first worker is up', () => first.lines.some((l) => l.includes('started: up to')));
    const queued = await runCli(['enqueue', '--config', configFile, '--retry-delay', '1s', '--lease', '4s'], env);
    expect(queued.out).toContain('queued K (pro-import)');
    await until('the first worker has created 30 ads', () => pro.fake.listAds().length >= 30);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = pro.fake.listAds().length;
    expect(atKill).toBeLessThan(ads.length);
    expect(await states(databaseUrl)).toEqual({ 'K/pro-import': 'running' });

    const second = spawnCli(['worker', '--config', configFile, '--dealer-concurrency', '2', ...LEASE], env);
    try {
      await until('the second worker is up', () => second.lines.some((l) => l.includes('started: up to')), 90_000);
      // Well within the bound the lease gives (4 s + maintenance + a retry delay of 1-2 s): not pg-boss's 15 minutes.
      await until('the second worker took the job over', () => second.lines.some((l) => l.startsWith('K pro-import: started (attempt 2 of 6)')), 40_000);
      await until('the dealer is done', async () => (await states(databaseUrl))['K/pro-import'] === 'done');
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    expect(pro.fake.listAds()).toHaveLength(ads.length);
    for (const ad of ads) {
      expect(createsOf(pro, 'K', ad.source_id)).toBe(1);
      expect((pro.fake.getAd('K', ad.source_id) as { body: string }).body).toBe(ad.body);
    }
    const [row] = await query<{ last_run: { created: number; unchanged: number; failed: number } }>(databaseUrl, `SELECT last_run FROM fleet.dealer WHERE dealer = 'K'`);
    // The second worker created what the first had not (a create in flight at the kill may have landed after it).
    expect(row?.last_run.failed).toBe(0);
    expect((row?.last_run.created ?? 0) + (row?.last_run.unchanged ?? 0)).toBe(ads.length);
    expect(row?.last_run.created).toBeLessThanOrEqual(ads.length - atKill + 2);
    expect(second.lines.join('\n')).not.toContain(env.K_TOKEN);
  });
});

describe('a long job on a live worker', () => {
  let pro: RunningFakeServer;
  let databaseUrl: string;
  const workers: FleetWorker[] = [];
  const logs: string[][] = [[], []];

  beforeAll(async () => {
    pro = await startProImport();
    databaseUrl = await freshDatabase('lease');
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await pro.close();
  });

  it('keeps its lease however long it runs (renewed, not the 3 s it was given), so no other worker starts it again', async () => {
    const dir = tempDir();
    const ads = feedAds(40, 6, 'L');
    const env = { L_TOKEN: pro.fake.token({ scope: 'dealer_code', dealer_code: 'L' }) };
    const config = { dealers: [{ id: 'L', marketplace: 'pro-import' as const, baseUrl: pro.baseUrl, tokenEnv: 'L_TOKEN', feed: writeNdjson(join(dir, 'l.ndjson'), ads) }], file: join(dir, 'fleet.json') };
    writeConfig(config.file, { dealers: config.dealers });
    // 40 creates one at a time at 250 ms each: about 10 s, more than three leases.
    pro.fake.faults.schedule({ path: '/v4/*', delayMs: 250, count: 1_000_000 });
    workers.push(await startWorker({ databaseUrl, config, env, leaseSeconds: 3, maintenanceSeconds: 1, dealerConcurrency: 1 }, logs[0]));
    const queued = await runCli(['enqueue', '--config', config.file, '--lease', '3s', '--retry-delay', '1s', '--database-url', databaseUrl]);
    expect(queued.code).toBe(0);
    await until('the first worker runs the job', async () => (await states(databaseUrl))['L/pro-import'] === 'running');
    // A second worker, idle and ready to take any job whose lease ran out.
    workers.push(await startWorker({ databaseUrl, config, env, leaseSeconds: 3, maintenanceSeconds: 1 }, logs[1]));
    await until('the dealer is done', async () => (await states(databaseUrl))['L/pro-import'] === 'done', 90_000);
    const [job] = await query<{ retry_count: number; started: string; finished: string }>(
      databaseUrl,
      `SELECT retry_count, started_on::text AS started, completed_on::text AS finished FROM pgboss.job WHERE name = 'fleet-sync' AND singleton_key = 'pro-import:L'`,
    );
    expect(Date.parse(job!.finished) - Date.parse(job!.started)).toBeGreaterThan(3 * 3000);
    expect(job?.retry_count).toBe(0);
    expect(logs[1]!.filter((l) => l.startsWith('L '))).toEqual([]);
    expect(logs[0]!.filter((l) => l.startsWith('L '))).toEqual(['L pro-import: started (attempt 1 of 6)', expect.stringMatching(/^L pro-import: done in [\d.]+ s: 40 created/)]);
    for (const ad of ads) expect(createsOf(pro, 'L', ad.source_id)).toBe(1);
  });
});
