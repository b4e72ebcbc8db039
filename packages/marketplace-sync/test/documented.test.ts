import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { feedAds, runCli, settled, startEnv, stopEnv, tally, writeNdjson, type Env } from './helpers.js';

// The API's documented rules, over HTTP through the CLI: soft deletes, never-reusable source_ids of registered
// vehicles, revivable other ads, V3 ads to migrate, reduced prices only on update, log outcomes with --wait.
describe('documented rules', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  beforeEach(() => env.proxy.reset());
  afterAll(() => stopEnv(env));

  it('a deleted car in the feed is blocked (never revived, source_id never reusable); a deleted boat is revived', async () => {
    const [car, , boat] = feedAds(3, 21);
    const feed = join(env.dir, 'deleted.ndjson');
    expect((await runCli(env, ['--feed', writeNdjson(feed, [car, boat])])).code).toBe(0);
    settled(env);
    expect((await runCli(env, ['--feed', writeNdjson(feed, []), '--delete-missing', '--force'])).code).toBe(0);
    settled(env);
    env.proxy.reset();
    const again = await runCli(env, ['--feed', writeNdjson(feed, [car, boat]), '--report', 'deleted.json']);
    expect(again.code).toBe(1);
    const report = JSON.parse(readFileSync(join(env.dir, 'deleted.json'), 'utf8')) as { items: Array<{ source_id: string; action: string; outcome: string; messages?: string[] }> };
    const carItem = report.items.find((i) => i.source_id === car!.source_id);
    expect(carItem).toMatchObject({ action: 'blocked', outcome: 'blocked' });
    expect(carItem?.messages?.[0]).toMatch(/can never be updated or revived; its source_id can never be reused; give the vehicle a new source_id/);
    expect(report.items.find((i) => i.source_id === boat!.source_id)).toMatchObject({ action: 'update', outcome: 'done' });
    expect(Object.keys(tally(env.proxy.requests)).sort()).toEqual(['GET /v4/ad', 'PATCH /v4/boat/*']);
    settled(env);
    expect(env.running.fake.getAd('D1', boat!.source_id)?.state).toBe('created');
  });

  it('a V3 boat must be migrated first: blocked with the migrate endpoint', async () => {
    env.running.fake.seedV3Ad({ category_id: 1062, source_id: 'v3-boat-1', dealer_code: 'D1' });
    const boat = { ...feedAds(3, 22)[2]!, source_id: 'v3-boat-1' };
    const run = await runCli(env, ['--feed', writeNdjson(join(env.dir, 'v3.ndjson'), [boat])]);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/blocked v3-boat-1 \(line 1\): the ad was created with API V3 in category 1062, which must be migrated before V4 can update it; migrate it first: POST \/v4\/boat\/v3-boat-1\/migrate/);
    expect(env.proxy.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a reduced price (not allowed on POST) is created without it, then patched in; the next run sends nothing', async () => {
    const [car] = feedAds(1, 23);
    const sale = { ...car!, price: [{ type: 'list', amount: 200_000, currency: 'SEK' }, { type: 'reduced', amount: 180_000, currency: 'SEK' }] };
    const feed = writeNdjson(join(env.dir, 'reduced.ndjson'), [sale]);
    expect((await runCli(env, ['--feed', feed])).code).toBe(0);
    expect(tally(env.proxy.requests)).toMatchObject({ 'POST /v4/car': 1, 'PATCH /v4/car/*': 1 });
    settled(env);
    expect((env.running.fake.getAd('D1', car!.source_id)?.price as unknown[]).length).toBe(2);
    env.proxy.reset();
    expect((await runCli(env, ['--feed', feed])).code).toBe(0);
    expect(Object.keys(tally(env.proxy.requests))).toEqual(['GET /v4/ad']);
  });

  it('--wait follows the log: an image the server cannot fetch fails the ad with the log message (exit 1)', async () => {
    const [car, other] = feedAds(2, 24);
    const broken = { ...car!, image_urls: ['https://images.example.invalid/1.jpg'] };
    const run = await runCli(env, ['--feed', writeNdjson(join(env.dir, 'wait.ndjson'), [broken, other]), '--wait', '--report', 'wait.json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(join(env.dir, 'wait.json'), 'utf8')) as { items: Array<{ source_id: string; outcome: string; request_id?: string; messages?: string[] }> };
    const failed = report.items.find((i) => i.source_id === car!.source_id);
    expect(failed?.outcome).toBe('failed');
    expect(failed?.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(failed?.messages?.[0]).toMatch(/^handle_media: Image https:\/\/images\.example\.invalid\/1\.jpg: could not be downloaded/);
    expect(report.items.find((i) => i.source_id === other!.source_id)).toMatchObject({ outcome: 'done' });
  });

  it('the report and the journal never contain the token', async () => {
    const journal = readFileSync(join(env.dir, 'sync.journal'), 'utf8');
    const report = readFileSync(join(env.dir, 'wait.json'), 'utf8');
    expect(journal).not.toContain(env.token);
    expect(report).not.toContain(env.token);
    expect(journal).not.toContain(env.token.split('.')[2]);
  });
});
