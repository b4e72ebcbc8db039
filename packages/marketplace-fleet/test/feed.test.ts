import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningFakeServer } from '@x/pro-import-testkit/server';
import type { DealerConfig, FleetConfig } from '../src/config.js';
import type { FleetWorker } from '../src/worker.js';
import { feedAds, feedServer, freshDatabase, query, recordingFetch, runCli, startProImport, startWorker, tempDir, until, writeConfig, type Request } from './helpers.js';

// A feed given as a URL is fetched with If-None-Match / If-Modified-Since; a 304 ends the job at once, without a
// single request to the marketplace.
describe('a feed over HTTP', () => {
  let pro: RunningFakeServer;
  let feed: Awaited<ReturnType<typeof feedServer>>;
  let databaseUrl: string;
  let worker: FleetWorker;
  let configFile: string;
  let config: FleetConfig;
  const requests: Request[] = [];
  const log: string[] = [];

  beforeAll(async () => {
    pro = await startProImport();
    feed = await feedServer();
    databaseUrl = await freshDatabase('feed');
    const dir = tempDir();
    const ads = feedAds(5, 9, 'F');
    feed.setBody(ads.map((a) => JSON.stringify(a)).join('\n'));
    const dealers: DealerConfig[] = [{ id: 'F', marketplace: 'pro-import', baseUrl: pro.baseUrl, tokenEnv: 'F_TOKEN', feed: feed.url }];
    configFile = writeConfig(join(dir, 'fleet.json'), { dealers });
    config = { dealers, file: configFile };
    const env = { F_TOKEN: pro.fake.token({ scope: 'dealer_code', dealer_code: 'F' }), LATIN_TOKEN: pro.fake.token({ scope: 'dealer_code', dealer_code: 'LATIN' }) };
    worker = await startWorker({ databaseUrl, config, env, fetch: recordingFetch('w', requests) }, log);
  });
  afterAll(async () => {
    await worker.stop();
    await Promise.all([feed.close(), pro.close()]);
  });

  const runOnce = async () => {
    const before = log.filter((l) => l.startsWith('F pro-import: done')).length;
    await runCli(['enqueue', '--config', configFile, '--database-url', databaseUrl]);
    await until('the job finished', () => log.filter((l) => l.startsWith('F pro-import: done')).length > before);
    return log.filter((l) => l.startsWith('F pro-import: done')).at(-1) as string;
  };

  it('first run: fetched whole (200) and synced', async () => {
    expect(await runOnce()).toMatch(/5 created/);
    expect(feed.requests).toEqual([{ status: 200 }]);
    expect(pro.fake.listAds()).toHaveLength(5);
  });

  it('unchanged feed: a conditional request answered 304, and nothing is asked of the marketplace', async () => {
    requests.splice(0);
    expect(await runOnce()).toMatch(/the feed is unchanged \(304 Not Modified\): nothing to do$/);
    expect(feed.requests.at(-1)).toEqual({ ifNoneMatch: '"v2"', ifModifiedSince: 'Thu, 01 Jan 2026 00:01:00 GMT', status: 304 });
    expect(requests).toEqual([]);
    const [row] = await query<{ last_run: { unchanged: number; created: number } }>(databaseUrl, `SELECT last_run FROM fleet.dealer WHERE dealer = 'F'`);
    expect(row?.last_run).toMatchObject({ created: 0, unchanged: 5 });
  });

  it('changed feed: fetched again (200) and synced', async () => {
    const ads = feedAds(6, 9, 'F');
    feed.setBody(ads.map((a) => JSON.stringify(a)).join('\n'));
    expect(await runOnce()).toMatch(/1 created, 0 updated, 0 deleted, 5 unchanged/);
    expect(feed.requests.at(-1)).toEqual({ ifNoneMatch: '"v2"', ifModifiedSince: 'Thu, 01 Jan 2026 00:01:00 GMT', status: 200 });
    expect(requests.some((r) => r.method === 'GET' && r.path.endsWith('/v4/ad'))).toBe(true);
  });

  it('a dealer system that exports Latin-1: read as such with "encoding": "latin1"', async () => {
    const dir = tempDir();
    const ad = { ...feedAds(1, 11, 'LATIN')[0]!, body: 'Välvårdad bil, fråga efter Åsa.' };
    const file = join(dir, 'latin.ndjson');
    writeFileSync(file, Buffer.from(`${JSON.stringify(ad)}\n`, 'latin1'));
    config.dealers.push({ id: 'LATIN', marketplace: 'pro-import', baseUrl: pro.baseUrl, tokenEnv: 'LATIN_TOKEN', feed: file, encoding: 'latin1' });
    writeConfig(configFile, { dealers: config.dealers });
    const before = log.length;
    await runCli(['enqueue', '--config', configFile, '--dealer', 'LATIN', '--database-url', databaseUrl]);
    await until('LATIN done', () => log.slice(before).some((l) => l.startsWith('LATIN pro-import: done')));
    expect((pro.fake.getAd('LATIN', ad.source_id) as { body: string }).body).toBe('Välvårdad bil, fråga efter Åsa.');
  });

  it('a run that did not converge keeps no validators: the next fetch is unconditional', async () => {
    // An ad that breaks a documented rule (a title on a car) is blocked: the run does not converge.
    const blocked = { ...feedAds(1, 10, 'G')[0]!, title: 'Not allowed on a car' };
    feed.setBody([...feedAds(6, 9, 'F'), blocked].map((a) => JSON.stringify(a)).join('\n'));
    const before = log.length;
    await runCli(['enqueue', '--config', configFile, '--database-url', databaseUrl]);
    await until('the job failed', () => log.slice(before).some((l) => l.startsWith('F pro-import: failed (not retried')));
    expect(log.slice(before).find((l) => l.startsWith('F pro-import: failed'))).toMatch(/1 ad\(s\) not converged \(0 failed, 1 blocked\); first: blocked G-car-0/);
    feed.setBody(feedAds(7, 9, 'F').map((a) => JSON.stringify(a)).join('\n'));
    const [row] = await query<{ feed_etag: string | null }>(databaseUrl, `SELECT feed_etag FROM fleet.dealer WHERE dealer = 'F'`);
    expect(row?.feed_etag).toBeNull();
    expect(await runOnce()).toMatch(/1 created/);
    expect(feed.requests.at(-1)).toEqual({ status: 200 });
  });
});
