import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { feedAds, runCli, settled, startEnv, stopEnv, tally, writeNdjson, type Env } from './helpers.js';

describe('safe by default', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
    const feed = writeNdjson(join(env.dir, 'seed.ndjson'), feedAds(10, 7));
    expect((await runCli(env, ['--feed', feed])).code).toBe(0);
    settled(env);
  });
  beforeEach(() => env.proxy.reset());
  afterAll(() => stopEnv(env));

  it('refuses an empty feed with --delete-missing: exit 2, nothing deleted', async () => {
    const feed = writeNdjson(join(env.dir, 'empty.ndjson'), []);
    const run = await runCli(env, ['--feed', feed, '--delete-missing', '--max-delete', '100%']);
    expect(run.code).toBe(2);
    expect(run.err.join('\n')).toMatch(/the feed is empty and --delete-missing would delete all 10 live ads/);
    expect(env.proxy.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('an empty JSON array is refused the same way', async () => {
    const feed = join(env.dir, 'empty.json');
    writeFileSync(feed, '[]\n');
    const run = await runCli(env, ['--feed', feed, '--delete-missing']);
    expect(run.code).toBe(2);
    expect(env.proxy.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('without --delete-missing, ads missing from the feed are kept', async () => {
    const feed = writeNdjson(join(env.dir, 'half.ndjson'), feedAds(10, 7).slice(0, 5));
    const run = await runCli(env, ['--feed', feed]);
    expect(run.code).toBe(0);
    expect(env.proxy.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(run.out.join('\n')).toMatch(/unchanged\s+5/);
    expect(run.out.join('\n')).toMatch(/kept\s+5/);
  });

  it('refuses more deletions than --max-delete (default 20% of live ads) unless --force', async () => {
    const feed = writeNdjson(join(env.dir, 'seven.ndjson'), feedAds(10, 7).slice(0, 7));
    const refused = await runCli(env, ['--feed', feed, '--delete-missing']);
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toMatch(/deletes 3 ads, more than the limit of 2 \(20% of 10 live ads\)/);
    const counted = await runCli(env, ['--feed', feed, '--delete-missing', '--max-delete', '2']);
    expect(counted.code).toBe(2);
    expect(env.proxy.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    const dry = await runCli(env, ['--feed', feed, '--delete-missing', '--max-delete', '30%', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out.filter((l) => l.startsWith('  delete '))).toHaveLength(3);
    expect(env.proxy.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    const forced = await runCli(env, ['--feed', feed, '--delete-missing', '--force']);
    expect(forced.code).toBe(0);
    expect(tally(env.proxy.requests)['DELETE /v4/ad/*']).toBe(3);
  });
});
