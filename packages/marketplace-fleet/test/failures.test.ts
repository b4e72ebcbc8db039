import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken } from '@x/pro-import-testkit';
import type { RunningFakeServer } from '@x/pro-import-testkit/server';
import type { DealerConfig } from '../src/config.js';
import type { FleetWorker } from '../src/worker.js';
import { feedAds, feedServer, freshDatabase, query, runCli, startProImport, startWorker, states, tempDir, until, writeConfig, writeNdjson } from './helpers.js';

type Status = { dealer: string; state: string; lastRun: { error?: string; created: number } | null };

// A refused token fails its dealer at once (no retry loop), a feed host that stays down fails its dealer after the
// retries with backoff, one that comes back is synced on the next attempt; the other dealers never notice.
describe('dealers that fail', () => {
  let pro: RunningFakeServer;
  let databaseUrl: string;
  let down: Awaited<ReturnType<typeof feedServer>>;
  let flaky: Awaited<ReturnType<typeof feedServer>>;
  let worker: FleetWorker;
  const log: string[] = [];
  const env: Record<string, string> = {};

  beforeAll(async () => {
    pro = await startProImport();
    databaseUrl = await freshDatabase('failures');
    down = await feedServer();
    flaky = await feedServer();
    const dir = tempDir();
    env.GOOD_TOKEN = pro.fake.token({ scope: 'dealer_code', dealer_code: 'GOOD' });
    env.BAD_TOKEN = createTestToken({ scope: 'dealer_code', dealer_code: 'BAD' }, { secret: 'not-the-fake-secret' });
    env.DOWN_TOKEN = pro.fake.token({ scope: 'dealer_code', dealer_code: 'DOWN' });
    env.FLAKY_TOKEN = pro.fake.token({ scope: 'dealer_code', dealer_code: 'FLAKY' });
    down.setBody(feedAds(3, 1, 'DOWN').map((a) => JSON.stringify(a)).join('\n'));
    down.failWith = 503;
    flaky.setBody(feedAds(4, 2, 'FLAKY').map((a) => JSON.stringify(a)).join('\n'));
    flaky.failWith = 502;
    const base = { marketplace: 'pro-import' as const, baseUrl: pro.baseUrl };
    const dealers: DealerConfig[] = [
      { id: 'GOOD', ...base, tokenEnv: 'GOOD_TOKEN', feed: writeNdjson(join(dir, 'good.ndjson'), feedAds(6, 3, 'GOOD')) },
      { id: 'BAD', ...base, tokenEnv: 'BAD_TOKEN', feed: writeNdjson(join(dir, 'bad.ndjson'), feedAds(2, 4, 'BAD')) },
      { id: 'DOWN', ...base, tokenEnv: 'DOWN_TOKEN', feed: down.url },
      { id: 'FLAKY', ...base, tokenEnv: 'FLAKY_TOKEN', feed: flaky.url },
      { id: 'NOENV', ...base, tokenEnv: 'NOENV_TOKEN', feed: writeNdjson(join(dir, 'noenv.ndjson'), feedAds(1, 5, 'NOENV')) },
    ];
    const config = { dealers, file: writeConfig(join(dir, 'fleet.json'), { dealers }) };
    worker = await startWorker({ databaseUrl, config, env, concurrency: 5 }, log);
    const queued = await runCli(['enqueue', '--config', config.file, '--retries', '2', '--retry-delay', '1s', '--database-url', databaseUrl]);
    expect(queued.out.at(-1)).toBe('5 queued, 0 already queued or running');
    // The flaky host answers again once the first attempt has failed.
    await until('FLAKY failed once', () => log.some((l) => l.startsWith('FLAKY pro-import: failed, will be retried')));
    flaky.failWith = undefined;
    await until('every dealer settled', async () => Object.values(await states(databaseUrl)).every((s) => s === 'done' || s === 'failed'), 90_000);
  });
  afterAll(async () => {
    await worker.stop();
    await Promise.all([down.close(), flaky.close(), pro.close()]);
  });

  const statusOf = async (dealer: string) => {
    const { out } = await runCli(['status', '--json', '--database-url', databaseUrl]);
    return (JSON.parse(out[0] as string) as Status[]).find((r) => r.dealer === dealer) as Status;
  };
  const job = async (dealer: string) =>
    (await query<{ state: string; retry_count: number }>(databaseUrl, `SELECT state::text, retry_count FROM pgboss.job WHERE name = 'fleet-sync' AND singleton_key = $1 ORDER BY created_on`, [`pro-import:${dealer}`]));

  it('a refused token (401): failed with the reason, tried once, not retried', async () => {
    const bad = await statusOf('BAD');
    expect(bad.state).toBe('failed');
    expect(bad.lastRun?.error).toMatch(/^the server refused the token \(401\): it is missing, invalid or expired \(http:\/\/127\.0\.0\.1:\d+\/pro-import-api\)$/);
    expect(await job('BAD')).toEqual([{ state: 'completed', retry_count: 0 }]);
    expect(log.filter((l) => l.startsWith('BAD '))).toEqual(['BAD pro-import: started (attempt 1 of 3)', expect.stringMatching(/^BAD pro-import: failed \(not retried: it would fail the same way\): the server refused the token \(401\)/)]);
  });

  it('a credential missing from the worker environment: failed, naming the variable, not retried', async () => {
    const noenv = await statusOf('NOENV');
    expect(noenv.state).toBe('failed');
    expect(noenv.lastRun?.error).toBe(
      'the environment variable NOENV_TOKEN ("tokenEnv") is not set on this worker: credentials are read from the environment of the worker that runs the job',
    );
    expect(await job('NOENV')).toEqual([{ state: 'completed', retry_count: 0 }]);
  });

  it('a feed host that stays down: retried with backoff, then failed with the reason', async () => {
    const status = await statusOf('DOWN');
    expect(status.state).toBe('failed');
    expect(status.lastRun?.error).toMatch(/^the feed http:\/\/127\.0\.0\.1:\d+\/feeds\/stock\.ndjson answered 503$/);
    expect(await job('DOWN')).toEqual([{ state: 'failed', retry_count: 2 }]);
    expect(down.requests.filter((r) => r.status === 503)).toHaveLength(3);
    expect(log.filter((l) => l.startsWith('DOWN ') && !l.includes('started'))).toEqual([
      expect.stringMatching(/^DOWN pro-import: failed, will be retried \(attempt 2 of 3\): the feed .* answered 503$/),
      expect.stringMatching(/^DOWN pro-import: failed, will be retried \(attempt 3 of 3\): the feed .* answered 503$/),
      expect.stringMatching(/^DOWN pro-import: failed \(no retries left\): the feed .* answered 503$/),
    ]);
    expect(pro.fake.listAds().filter((a) => String(a.source_id).startsWith('DOWN-'))).toEqual([]);
  });

  it('a feed host that comes back: done on the next attempt', async () => {
    const status = await statusOf('FLAKY');
    expect(status.state).toBe('done');
    expect(status.lastRun?.created).toBe(4);
    expect(await job('FLAKY')).toEqual([{ state: 'completed', retry_count: 1 }]);
  });

  it('the other dealers are untouched', async () => {
    const good = await statusOf('GOOD');
    expect(good.state).toBe('done');
    expect(good.lastRun?.created).toBe(6);
    expect(await job('GOOD')).toEqual([{ state: 'completed', retry_count: 0 }]);
  });

  it('no credential is written to the database, a log line or the status', async () => {
    const secrets = Object.values(env);
    const dump = await query<{ text: string }>(
      databaseUrl,
      `SELECT string_agg(t::text, E'\\n') AS text FROM (
         SELECT row_to_json(d)::text AS t FROM fleet.dealer d UNION ALL SELECT row_to_json(j)::text FROM fleet.journal j
         UNION ALL SELECT row_to_json(b)::text FROM pgboss.job b UNION ALL SELECT row_to_json(a)::text FROM pgboss.archive a
         UNION ALL SELECT row_to_json(s)::text FROM pgboss.schedule s) rows`,
    );
    const table = await runCli(['status', '--database-url', databaseUrl]);
    const json = await runCli(['status', '--json', '--database-url', databaseUrl]);
    for (const text of [dump[0]?.text ?? '', log.join('\n'), table.out.join('\n'), json.out.join('\n')]) {
      expect(text.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    // The names of the variables are there: that is how an operator finds which one to set.
    expect(json.out.join('\n')).toContain('NOENV_TOKEN');
  });
});
