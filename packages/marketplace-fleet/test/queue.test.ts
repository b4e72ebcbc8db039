import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningFakeServer } from '@x/pro-import-testkit/server';
import { PgBoss } from '../src/boss.js';
import type { FleetConfig } from '../src/config.js';
import type { FleetWorker } from '../src/worker.js';
import { createsOf, feedAds, freshDatabase, query, runCli, startProImport, startWorker, states, tempDir, until, writeConfig, writeNdjson } from './helpers.js';

// One job per dealer and marketplace at a time across all workers: the queue's `stately` policy and the dealer's
// singleton key, enforced by pg-boss's unique index in PostgreSQL, not by a lock of ours.
describe('one job per dealer at a time', () => {
  let pro: RunningFakeServer;
  let databaseUrl: string;
  let config: FleetConfig;
  const workers: FleetWorker[] = [];
  const logs: string[][] = [[], []];
  const env: Record<string, string> = {};

  beforeAll(async () => {
    pro = await startProImport();
    databaseUrl = await freshDatabase('queue');
    const dir = tempDir();
    env.S_TOKEN = pro.fake.token({ scope: 'dealer_code', dealer_code: 'S' });
    const dealers = [{ id: 'S', marketplace: 'pro-import' as const, baseUrl: pro.baseUrl, tokenEnv: 'S_TOKEN', feed: writeNdjson(join(dir, 's.ndjson'), feedAds(30, 7, 'S')) }];
    config = { dealers, file: writeConfig(join(dir, 'fleet.json'), { dealers }) };
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await pro.close();
  });

  it('enqueue: a dealer already queued is not queued again (said so, exit 0)', async () => {
    const first = await runCli(['enqueue', '--config', config.file as string, '--database-url', databaseUrl]);
    expect(first.out).toEqual(['queued S (pro-import)', '1 queued, 0 already queued or running']);
    const again = await runCli(['enqueue', '--config', config.file as string, '--dealer', 'S', '--database-url', databaseUrl]);
    expect(again).toEqual({ code: 0, out: ['S (pro-import): already queued or running, not queued again', '0 queued, 1 already queued or running'], err: [] });
    expect(await states(databaseUrl)).toEqual({ 'S/pro-import': 'queued' });
  });

  it('while it runs on one worker, neither enqueue nor a second job sent straight to pg-boss runs it on another', async () => {
    pro.fake.faults.schedule({ path: '/v4/*', delayMs: 100, count: 1_000_000 });
    for (const log of logs) workers.push(await startWorker({ databaseUrl, config, env, dealerConcurrency: 1 }, log));
    await until('S runs', async () => (await states(databaseUrl))['S/pro-import'] === 'running');
    const again = await runCli(['enqueue', '--config', config.file as string, '--database-url', databaseUrl]);
    expect(again.out).toEqual(['S (pro-import): already queued or running, not queued again', '0 queued, 1 already queued or running']);
    // Past our own check: a second job for the same key, straight into pg-boss. The stately policy accepts it as
    // queued, and keeps it from becoming active while the first is.
    const boss = new PgBoss({ connectionString: databaseUrl, migrate: false, supervise: false, schedule: false });
    boss.on('error', () => undefined);
    await boss.start();
    const second = await boss.send('fleet-sync', { dealer: 'S', marketplace: 'pro-import' }, { singletonKey: 'pro-import:S' });
    const third = await boss.send('fleet-sync', { dealer: 'S', marketplace: 'pro-import' }, { singletonKey: 'pro-import:S' });
    await boss.stop({ graceful: false });
    expect(second).not.toBeNull();
    expect(third).toBeNull();
    await until('both jobs completed', async () => {
      const jobs = await query<{ state: string }>(databaseUrl, `SELECT state::text FROM pgboss.job WHERE name = 'fleet-sync' AND singleton_key = 'pro-import:S'`);
      return jobs.length === 2 && jobs.every((j) => j.state === 'completed');
    }, 90_000);
    pro.fake.faults.clear();
    const jobs = await query<{ started: Date; completed: Date }>(databaseUrl, `SELECT started_on AS started, completed_on AS completed FROM pgboss.job WHERE name = 'fleet-sync' AND singleton_key = 'pro-import:S' ORDER BY started_on`);
    // One after the other, never both at once.
    expect(jobs[1]!.started.getTime()).toBeGreaterThanOrEqual(jobs[0]!.completed.getTime());
    const all = logs.flat();
    expect(all.filter((l) => l.includes('another worker took over'))).toEqual([]);
    expect(all.filter((l) => l.startsWith('S pro-import: done'))).toEqual([expect.stringMatching(/30 created/), expect.stringMatching(/0 created, 0 updated, 0 deleted, 30 unchanged/)]);
    for (let i = 0; i < 30; i += 1) expect(createsOf(pro, 'S', `S-${['car', 'boat', 'motorcycle', 'caravan'][i % 4]}-${i}`)).toBe(1);
  });
});
