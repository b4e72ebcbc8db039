import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedAds, runCli, settled, startEnv, stopEnv, writeNdjson, type Ad, type Env } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/sync.mjs', import.meta.url));

/** Starts the real command in a child process; kills it with SIGKILL once `until()` holds. */
async function runAndKill(env: Env, args: string[], until: () => boolean): Promise<{ killed: boolean }> {
  const child = spawn(process.execPath, [BIN, '--base-url', env.proxy.url, '--journal', join(env.dir, 'sync.journal'), ...args], {
    env: { ...process.env, PRO_IMPORT_TOKEN: env.token },
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let killed = false;
  for (let i = 0; i < 3000 && child.exitCode === null; i += 1) {
    if (until()) {
      killed = child.kill('SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await exited;
  return { killed };
}

function logOf(env: Env, sourceId: string): Array<{ action: string; request_id: string; state: string }> {
  return (env.running.fake.getAd('D1', sourceId)?.log ?? []) as Array<{ action: string; request_id: string; state: string }>;
}

function requestsOf(env: Env, sourceId: string, action: string): number {
  return new Set(logOf(env, sourceId).filter((e) => e.action === action).map((e) => e.request_id)).size;
}

describe('a run killed halfway and started again', () => {
  let env: Env;
  let ads: Ad[];
  beforeAll(async () => {
    env = await startEnv();
    ads = feedAds(300, 3);
  });
  afterAll(() => stopEnv(env));

  it('creates: every ad exactly once, nothing created twice', async () => {
    const feed = writeNdjson(join(env.dir, 'feed.ndjson'), ads);
    env.proxy.delayMs = 5;
    const { killed } = await runAndKill(env, ['--feed', feed, '--concurrency', '4'], () => env.running.fake.listAds().length >= 120);
    expect(killed).toBe(true);
    // Requests the killed process had in the proxy still land; let them, so the counts below are the restart's alone.
    await new Promise((r) => setTimeout(r, 300));
    const before = env.running.fake.listAds().length;
    expect(before).toBeGreaterThanOrEqual(120);
    expect(before).toBeLessThan(300);
    env.proxy.delayMs = 0;
    env.proxy.reset();
    const again = await runCli(env, ['--feed', feed]);
    expect(again.err).toEqual([]);
    expect(again.code).toBe(0);
    settled(env);
    const posts = env.proxy.requests.filter((r) => r.method === 'POST');
    // The restart sends only what is missing (a request the killed process still had in the proxy may be counted
    // here too: the proof of "nothing twice" is below: no refused create, one create request per ad in its log).
    expect(posts.length).toBeGreaterThanOrEqual(300 - before - 8);
    expect(posts.length).toBeLessThanOrEqual(300 - before + 8);
    expect(env.proxy.requests.filter((r) => r.status >= 400)).toEqual([]);
    expect(env.running.fake.listAds()).toHaveLength(300);
    for (const ad of ads) expect(requestsOf(env, ad.source_id, 'create')).toBe(1);
  });

  it('updates: every changed ad updated exactly once', async () => {
    const changed = ads.map((ad) => ({ ...ad, body: `${String(ad.body)} Nu med vinterdäck.` }));
    const feed = writeNdjson(join(env.dir, 'feed.ndjson'), changed);
    env.proxy.delayMs = 5;
    const updated = () => env.running.fake.listAds().filter((a) => String(a.body).endsWith('vinterdäck.')).length;
    const { killed } = await runAndKill(env, ['--feed', feed, '--concurrency', '4'], () => updated() >= 100);
    expect(killed).toBe(true);
    expect(updated()).toBeLessThan(300);
    env.proxy.delayMs = 0;
    const again = await runCli(env, ['--feed', feed]);
    expect(again.code).toBe(0);
    settled(env);
    expect(updated()).toBe(300);
    for (const ad of ads) expect(requestsOf(env, ad.source_id, 'update')).toBe(1);
  });
});
