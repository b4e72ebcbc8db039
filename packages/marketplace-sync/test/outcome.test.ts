import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyTypeAds, runCli, settled, startEnv, stopEnv, tally, writeNdjson, type Env } from './helpers.js';

type Report = { converged: boolean | null; items: Array<{ source_id: string; action: string; outcome: string; messages?: string[] }> };

// Converged means buyers see the ad: a publish or image handling that failed is re-queued with the documented
// `GET /v4/ad/{source_id}/retry` on every run until it succeeds, for every vehicle type.
describe('Pro Import: convergence includes the outcome of the processing', () => {
  let env: Env;
  const ads = everyTypeAds(61);
  const report = (name: string) => JSON.parse(readFileSync(join(env.dir, name), 'utf8')) as Report;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(() => stopEnv(env));

  it('a failed handle_media or publish is reported failed with --wait (exit 1)', async () => {
    const media = ads.filter((_, i) => i % 2 === 0).map((a) => a.source_id);
    const publish = ads.filter((_, i) => i % 2 === 1).map((a) => a.source_id);
    env.running.fake.faults.failAction({ action: 'handle_media', sourceIds: media, times: media.length, message: 'Image host unreachable (injected).' });
    env.running.fake.faults.failAction({ action: 'publish', sourceIds: publish, times: publish.length, message: 'Publishing failed (injected).' });
    const feed = writeNdjson(join(env.dir, 'feed.ndjson'), ads);
    const run = await runCli(env, ['--feed', feed, '--wait', '--report', 'first.json', '--concurrency', '8']);
    expect(run.code).toBe(1);
    const items = report('first.json').items;
    expect(items.filter((i) => i.outcome === 'failed').map((i) => i.source_id).sort()).toEqual(ads.map((a) => a.source_id).sort());
  });

  it('the next run re-queues every one of them with retry (not "unchanged"), and says so: exit 1 until it is seen', async () => {
    env.proxy.reset();
    const run = await runCli(env, ['--feed', join(env.dir, 'feed.ndjson'), '--report', 'second.json']);
    expect(run.code).toBe(1);
    const items = report('second.json').items;
    expect(items.map((i) => `${i.action} ${i.outcome}`)).toEqual(ads.map(() => 'retry retried'));
    expect(items.find((i) => i.source_id === ads[0]!.source_id)?.messages?.[0]).toMatch(/handle_media: Image host unreachable \(injected\)/);
    expect(items.find((i) => i.source_id === ads[1]!.source_id)?.messages?.[0]).toMatch(/publish: Publishing failed \(injected\)/);
    expect(tally(env.proxy.requests)).toEqual({ 'GET /v4/ad': 1, 'GET /v4/ad/*': ads.length });
    expect(report('second.json').converged).toBe(false);
    settled(env);
  });

  it('once the processing succeeded: unchanged, converged, exit 0, nothing sent', async () => {
    env.proxy.reset();
    const run = await runCli(env, ['--feed', join(env.dir, 'feed.ndjson'), '--report', 'third.json']);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(report('third.json').items.every((i) => i.outcome === 'unchanged')).toBe(true);
    expect(Object.keys(tally(env.proxy.requests))).toEqual(['GET /v4/ad']);
    for (const ad of ads) {
      const stored = env.running.fake.getAd('D1', ad.source_id);
      const log = (stored?.log ?? []) as Array<{ action: string; state: string }>;
      expect(log.filter((e) => e.action === 'publish').at(-1)?.state).toBe('done');
    }
  });

  it('with --wait a retry is followed to its end: done when it worked, exit 0', async () => {
    const [first] = ads;
    env.running.fake.faults.failAction({ action: 'publish', sourceIds: [first!.source_id], times: 1 });
    const changed = ads.map((a, i) => (i === 0 ? { ...a, body: `${String(a.body ?? '')} Ny text.` } : a));
    const feed = writeNdjson(join(env.dir, 'feed2.ndjson'), changed);
    expect((await runCli(env, ['--feed', feed, '--wait'])).code).toBe(1);
    const run = await runCli(env, ['--feed', feed, '--wait', '--report', 'waited.json']);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(report('waited.json').items.find((i) => i.source_id === first!.source_id)).toMatchObject({ action: 'retry', outcome: 'done' });
  });
});
