import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningFakeServer } from '@x/pro-import-testkit/server';
import type { DealerConfig, FleetConfig } from '../src/config.js';
import type { FleetWorker } from '../src/worker.js';
import { feedAds, freshDatabase, query, recordingFetch, runCli, startProImport, startWorker, states, tempDir, until, writeConfig, writeNdjson, type Request } from './helpers.js';

// Each API has one limit per integration: the cap and the pauses after a 429 hold across every worker, through
// one row per marketplace in PostgreSQL.
describe('the per-marketplace rate limit across workers', () => {
  let pro: RunningFakeServer;
  let databaseUrl: string;
  const workers: FleetWorker[] = [];
  const env: Record<string, string> = {};
  const dir = tempDir();

  beforeEach(async () => {
    pro = await startProImport();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await pro.close();
  });

  const dealersOf = (ids: string[], ads: number): DealerConfig[] =>
    ids.map((id, i) => {
      env[`${id}_TOKEN`] = pro.fake.token({ scope: 'dealer_code', dealer_code: id });
      return { id, marketplace: 'pro-import', baseUrl: pro.baseUrl, tokenEnv: `${id}_TOKEN`, feed: writeNdjson(join(dir, `${id}.ndjson`), feedAds(ads, 20 + i, id)) };
    });

  it('a cap of 10 requests/s holds for the requests of two workers together', async () => {
    databaseUrl = await freshDatabase('rate_cap');
    const dealers = dealersOf(['C1', 'C2', 'C3', 'C4'], 15);
    const config: FleetConfig = { dealers, limits: { 'pro-import': 10 }, file: writeConfig(join(dir, 'cap.json'), { dealers, limits: { 'pro-import': 10 } }) };
    const sent: Request[] = [];
    for (const name of ['w1', 'w2']) workers.push(await startWorker({ databaseUrl, config, env, concurrency: 2, fetch: recordingFetch(name, sent) }));
    await runCli(['enqueue', '--config', config.file as string, '--database-url', databaseUrl]);
    await until('every dealer done', async () => Object.values(await states(databaseUrl)).every((s) => s === 'done'), 90_000);
    // 4 dealers x (1 list + 15 creates) = 64 requests at 10/s: the slots span 6.3 s. Unlimited they take under 2 s.
    // (Each request waits for its slot; a busy machine only makes them later, never earlier.)
    expect(sent).toHaveLength(64);
    expect(new Set(sent.map((r) => r.worker))).toEqual(new Set(['w1', 'w2']));
    const times = sent.map((r) => r.at).sort((a, b) => a - b);
    expect((times.at(-1) as number) - (times[0] as number)).toBeGreaterThan(5_000);
    const [row] = await query<{ granted: string; cap: number }>(databaseUrl, `SELECT granted, cap FROM fleet.rate WHERE marketplace = 'pro-import'`);
    expect(row).toEqual({ granted: '64', cap: 10 });
  });

  it("a 429 one worker gets pauses every worker's requests to that marketplace until Retry-After has passed", async () => {
    databaseUrl = await freshDatabase('rate_429');
    const a = dealersOf(['A'], 6)[0] as DealerConfig;
    // B has far more work left when A's 429 comes (at B's fifth create) than the pause takes to be written: B is still
    // sending when the pause begins, on a busy machine too (B is slowed by the same load), so B meets the pause.
    const b = dealersOf(['B'], 40)[0] as DealerConfig;
    pro.fake.faults.schedule({ path: '/v4/*', delayMs: 20, count: 1_000_000 });
    const sent: Request[] = [];
    let throttledAt: number | undefined;
    let bCreatesAtThrottle = 0;
    const bCreates = () => sent.filter((r) => r.worker === 'w2' && r.method === 'POST').length;
    // Worker 1 syncs A; the server answers one of A's creates with 429 Retry-After: 3 once B (on worker 2) is busy.
    // (A's creates wait for B's fifth create to be sent, so that A cannot finish first on a busy machine.)
    let bUnderWay!: () => void;
    const underWay = new Promise<void>((resolve) => (bUnderWay = resolve));
    let bPosts = 0;
    const w2 = recordingFetch('w2', sent, (request) => {
      if (request.method === 'POST' && ++bPosts === 5) bUnderWay();
      return undefined;
    });
    const w1 = recordingFetch('w1', sent, async (request) => {
      if (request.method !== 'POST') return undefined;
      await underWay;
      if (throttledAt !== undefined) return undefined;
      throttledAt = Date.now();
      bCreatesAtThrottle = bCreates();
      return new Response('{"detail":"Request was throttled."}', { status: 429, headers: { 'Retry-After': '3', 'Content-Type': 'application/json' } });
    });
    const config = (d: DealerConfig): FleetConfig => ({ dealers: [a, b], file: writeConfig(join(dir, `${d.id}.json`), { dealers: [a, b] }) });
    workers.push(await startWorker({ databaseUrl, config: config(a), env, concurrency: 1, dealerConcurrency: 2, fetch: w1 }));
    await runCli(['enqueue', '--config', config(a).file as string, '--dealer', 'A', '--database-url', databaseUrl]);
    await until('A runs on worker 1', async () => (await states(databaseUrl))['A/pro-import'] === 'running');
    const second = await startWorker({ databaseUrl, config: config(b), env, concurrency: 1, dealerConcurrency: 2, fetch: w2 });
    workers.push(second);
    await runCli(['enqueue', '--config', config(b).file as string, '--dealer', 'B', '--database-url', databaseUrl]);
    await until('both dealers done', async () => Object.values(await states(databaseUrl)).every((s) => s === 'done'), 90_000);
    expect(throttledAt).toBeDefined();
    expect(bCreatesAtThrottle).toBeLessThan(30);
    // Worker 2 never got a 429 itself, yet waited for the pause, and sent nothing to the marketplace during it.
    expect(sent.filter((r) => r.worker === 'w2' && r.status === 429)).toEqual([]);
    expect(second.rateStats['pro-import']?.pausedWaits).toBeGreaterThan(0);
    const during = sent.filter((r) => r.worker === 'w2' && r.at > (throttledAt as number) + 500 && r.at < (throttledAt as number) + 2_800);
    expect(during).toEqual([]);
    expect(sent.filter((r) => r.worker === 'w2' && r.at > (throttledAt as number) + 3_000).length).toBeGreaterThan(0);
    const [row] = await query<{ throttled: string; slow: number | null }>(databaseUrl, `SELECT throttled, slow FROM fleet.rate WHERE marketplace = 'pro-import'`);
    expect(row?.throttled).toBe('1');
    // And the marketplace goes on at half the rate it had, for everyone, growing back from there.
    expect(row?.slow).not.toBeNull();
  });
});
