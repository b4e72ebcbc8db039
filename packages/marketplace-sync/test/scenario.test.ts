import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedAds, runCli, settled, startEnv, stopEnv, tally, writeNdjson, type Ad, type Env } from './helpers.js';

// The "Done when", over HTTP against the fake, through the CLI: 300 ads created; 20 changed and 10 removed
// send exactly 20 updates and 10 deletes; a third run sends nothing but the list pages.
describe('a 300-ad stock feed, three runs', () => {
  let env: Env;
  let ads: Ad[];
  beforeAll(async () => {
    env = await startEnv();
    ads = feedAds(300);
  });
  afterAll(() => stopEnv(env));

  it('first sync creates 300', async () => {
    const feed = writeNdjson(join(env.dir, 'feed.ndjson'), ads);
    const run = await runCli(env, ['--feed', feed]);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const t = tally(env.proxy.requests);
    expect((t['POST /v4/car'] ?? 0) + (t['POST /v4/boat'] ?? 0)).toBe(300);
    expect(env.running.fake.listAds().filter((a) => a.state === 'created')).toHaveLength(300);
    settled(env);
  });

  it('changing 20 and removing 10 sends exactly 20 updates and 10 deletes', async () => {
    env.proxy.reset();
    const changed = ads.slice(0, 290).map((ad, i) => (i % 10 === 0 && i < 200 ? { ...ad, price: [{ type: 'list', amount: 1, currency: 'SEK' }] } : ad));
    const feed = writeNdjson(join(env.dir, 'feed.ndjson'), changed);
    const run = await runCli(env, ['--feed', feed, '--delete-missing', '--report', 'report.json']);
    expect(run.code).toBe(0);
    const t = tally(env.proxy.requests);
    expect((t['PATCH /v4/car/*'] ?? 0) + (t['PATCH /v4/boat/*'] ?? 0)).toBe(20);
    expect(t['DELETE /v4/ad/*']).toBe(10);
    expect(Object.keys(t).filter((k) => !k.startsWith('GET /v4/ad') || k === 'GET /v4/ad/*').sort()).toEqual(['DELETE /v4/ad/*', 'PATCH /v4/boat/*', 'PATCH /v4/car/*']);
    settled(env);
    const gone = env.running.fake.listAds().filter((a) => a.state === 'deleted').map((a) => a.source_id).sort();
    expect(gone).toEqual(ads.slice(290).map((a) => a.source_id).sort());
    const cheap = env.running.fake.listAds().filter((a) => (a.price as Array<{ amount: number }>)[0]?.amount === 1);
    expect(cheap).toHaveLength(20);
  });

  it('a third run with the same feed sends nothing but the list pages', async () => {
    env.proxy.reset();
    const feed = join(env.dir, 'feed.ndjson');
    const run = await runCli(env, ['--feed', feed, '--delete-missing']);
    expect(run.code).toBe(0);
    expect(env.proxy.requests.every((r) => r.method === 'GET' && r.path.endsWith('/v4/ad'))).toBe(true);
    expect(env.proxy.requests).toHaveLength(1);
    expect(run.out.join('\n')).toMatch(/unchanged\s+290/);
  });
});
