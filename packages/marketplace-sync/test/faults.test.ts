import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedAds, runCli, settled, startEnv, stopEnv, tally, writeNdjson, type Env } from './helpers.js';

// 30% of all requests (list pages included) answer 429, 500, 502 or 503 before the fake handles them.
describe('a run through 30% injected faults converges', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(() => stopEnv(env));

  it('creates, updates and deletes all land exactly once; a clean re-run then sends nothing', async () => {
    const ads = feedAds(100, 11);
    const feed = join(env.dir, 'feed.ndjson');
    env.running.fake.faults.setRate({ rate: 0.3, statuses: [429, 500, 502, 503], seed: 5, retryAfter: 0 });
    const first = await runCli(env, ['--feed', writeNdjson(feed, ads), '--concurrency', '8']);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(env.proxy.requests.filter((r) => r.status >= 400).length).toBeGreaterThan(20);
    settled(env);
    const changed = ads.slice(0, 90).map((ad, i) => (i < 30 ? { ...ad, body: 'Såld snart!' } : ad));
    const second = await runCli(env, ['--feed', writeNdjson(feed, changed), '--concurrency', '8', '--delete-missing']);
    expect(second.code).toBe(0);
    settled(env);
    env.running.fake.faults.clear();
    env.proxy.reset();
    const third = await runCli(env, ['--feed', feed, '--delete-missing']);
    expect(third.code).toBe(0);
    expect(Object.keys(tally(env.proxy.requests))).toEqual(['GET /v4/ad']);
    const live = env.running.fake.listAds().filter((a) => a.state === 'created');
    expect(live.map((a) => a.source_id).sort()).toEqual(changed.map((a) => a.source_id).sort());
    expect(live.filter((a) => a.body === 'Såld snart!')).toHaveLength(30);
    for (const ad of env.running.fake.listAds()) {
      const log = ad.log as Array<{ action: string; request_id: string }>;
      expect(new Set(log.filter((e) => e.action === 'create').map((e) => e.request_id)).size).toBe(1);
      expect(new Set(log.filter((e) => e.action === 'update').map((e) => e.request_id)).size).toBeLessThanOrEqual(1);
      expect(new Set(log.filter((e) => e.action === 'delete').map((e) => e.request_id)).size).toBeLessThanOrEqual(1);
    }
  }, 120_000);
});
