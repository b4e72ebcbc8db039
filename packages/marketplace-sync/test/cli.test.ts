import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main, type Io } from '../src/cli/main.js';
import { everyTypeAds, feedAds, runCli, settled, startEnv, stopEnv, writeNdjson, type Env } from './helpers.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Runs the CLI against any base URL. */
async function runAt(env: Env, baseUrl: string, args: string[], io: Partial<Io> = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--base-url', baseUrl, '--journal', join(env.dir, `at-${Math.random().toString(36).slice(2)}.journal`), ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTty: false,
    env: { PRO_IMPORT_TOKEN: env.token },
    cwd: env.dir,
    ...io,
  });
  return { code, out, err };
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the command tells the operator what is happening', () => {
  let env: Env;
  let feed: string;
  beforeAll(async () => {
    env = await startEnv();
    feed = writeNdjson(join(env.dir, 'feed.ndjson'), everyTypeAds(101));
    expect((await runCli(env, ['--feed', feed])).code).toBe(0);
    settled(env);
  });
  beforeEach(() => env.proxy.reset());
  afterAll(() => stopEnv(env));

  it('--timeout: a server that never answers is named as such, with the timeout and the attempts; waiting lines meanwhile', async () => {
    const silent = await listen(() => undefined);
    try {
      const run = await runAt(env, `${silent.url}/pro-import-api`, ['--feed', feed, '--timeout', '0.3'], { heartbeatMs: 200 });
      expect(run.code).toBe(2);
      expect(run.err).toEqual([`error: no answer from ${silent.url}/pro-import-api within 0.3 s, 4 attempts (GET /v4/ad): check --base-url and the network, or raise --timeout`]);
      expect(run.out.filter((l) => l.startsWith('waiting for the server: GET /pro-import-api/v4/ad for ')).length).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  }, 30_000);

  it('--verbose prints each request (method, path, status, ms); --quiet prints nothing on a run that converged', async () => {
    const verbose = await runCli(env, ['--feed', feed, '--verbose']);
    expect(verbose.code).toBe(0);
    expect(verbose.err).toEqual([expect.stringMatching(/^GET \/pro-import-api\/v4\/ad\?limit=1000&offset=0&ordering=source_id&include=log 200 \d+ ms$/)]);
    const quiet = await runCli(env, ['--feed', feed, '--quiet']);
    expect(quiet.code).toBe(0);
    expect([...quiet.out, ...quiet.err]).toEqual([]);
  });

  it('--json: one JSON event per line (start, phases, each ad, summary with the exit code)', async () => {
    const changed = everyTypeAds(101).map((ad, i) => (i === 0 ? { ...ad, body: 'Ny.' } : ad));
    const run = await runCli(env, ['--feed', writeNdjson(join(env.dir, 'json.ndjson'), changed), '--json']);
    expect(run.code).toBe(0);
    const events = run.out.map((l) => JSON.parse(l) as { event: string } & Record<string, unknown>);
    expect([...new Set(events.map((e) => e.event))]).toEqual(['start', 'phase', 'ad', 'summary']);
    expect(events.filter((e) => e.event === 'ad')).toHaveLength(16);
    expect(events.find((e) => e.event === 'ad' && e.outcome !== 'unchanged')).toMatchObject({ event: 'ad', source_id: changed[0]!.source_id, action: 'update', outcome: 'done', changes: [{ path: 'body', to: 'Ny.' }] });
    expect(events.at(-1)).toMatchObject({ event: 'summary', converged: true, exit: 0, planned: { update: 1, unchanged: 15 } });
    settled(env);
    const failed = await runAt(env, 'http://127.0.0.1:9/pro-import-api', ['--feed', feed, '--json', '--timeout', '0.2']);
    expect(JSON.parse(failed.out.at(-1)!)).toMatchObject({ event: 'error', exit: 2, message: expect.stringMatching(/^cannot reach the server/) });
  });

  it('--version, and an unknown option is named', async () => {
    const version = await runCli(env, ['--version']);
    expect(version).toMatchObject({ code: 0, out: [VERSION] });
    const unknown = await runCli(env, ['--feed', feed, '--dryrun']);
    expect(unknown.code).toBe(2);
    expect(unknown.err[0]).toMatch(/^error: unknown option '--dryrun'/);
  });

  it('a base URL without /pro-import-api (404 on the list) or one that is not the API names --base-url', async () => {
    const origin = env.proxy.url.replace(/\/pro-import-api$/, '');
    const missing = await runAt(env, origin, ['--feed', feed]);
    expect(missing.code).toBe(2);
    expect(missing.err).toEqual([`error: the server at ${origin} answered 404 to GET /v4/ad (the list of ads): it does not serve the Pro Import API there; check --base-url (the API's ends in /pro-import-api)`]);
    const page = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>Welcome</html>');
    });
    try {
      const html = await runAt(env, page.url, ['--feed', feed]);
      expect(html.code).toBe(2);
      expect(html.err[0]).toBe(`error: the server at ${page.url} does not serve the API (GET /v4/ad answered with something that is not JSON): check --base-url`);
    } finally {
      await page.close();
    }
  });
});

describe('what the lines say', () => {
  let env: Env;
  const ads = feedAds(10, 102);
  beforeAll(async () => {
    env = await startEnv();
    expect((await runCli(env, ['--feed', writeNdjson(join(env.dir, 'all.ndjson'), ads)])).code).toBe(0);
    settled(env);
  });
  afterAll(() => stopEnv(env));

  it('ads kept because they are not in the feed get a summary row and a line each', async () => {
    const run = await runCli(env, ['--feed', writeNdjson(join(env.dir, 'part.ndjson'), ads.slice(0, 8))]);
    expect(run.code).toBe(0);
    expect(run.out).toContainEqual(expect.stringMatching(/^kept\s+2$/));
    for (const ad of ads.slice(8)) expect(run.out).toContainEqual(expect.stringMatching(new RegExp(`^\\[\\d+/10\\] kept ${ad.source_id}: not in the feed; kept \\(--delete-missing deletes it\\)$`)));
  });

  it('a refused dry run still lists what it would delete', async () => {
    const run = await runCli(env, ['--feed', writeNdjson(join(env.dir, 'five.ndjson'), ads.slice(0, 5)), '--delete-missing', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.out.filter((l) => l.startsWith('  delete '))).toEqual(ads.slice(5).map((a) => `  delete ${a.source_id}`).sort());
    expect(run.err).toEqual(['error: refused: the plan deletes 5 ads, more than the limit of 2 (20% of 10 live ads); check that the feed is complete, then raise --max-delete or use --force']);
  });

  it('update lines show field: from → to in short; blocked once per line', async () => {
    const changed = ads.map((ad, i) => (i === 0 ? { ...ad, price: [{ type: 'list', amount: 95_000, currency: 'SEK' }] } : i === 1 ? { ...ad, vehicle_type: 'boat' } : ad));
    const run = await runCli(env, ['--feed', writeNdjson(join(env.dir, 'lines.ndjson'), changed)]);
    expect(run.code).toBe(1);
    expect(run.out).toContainEqual(`[10/10] update ${ads[0]!.source_id} (line 1) done: price: [{"amount":100000,"currency":"SEK","type":"list"}] → [{"amount":95000,"currency":"SEK","type":"list"}]`);
    const blocked = run.out.find((l) => l.includes(`blocked ${ads[1]!.source_id}`));
    expect(blocked).toMatch(new RegExp(`^\\[1/10\\] blocked ${ads[1]!.source_id} \\(line 2\\): the create body breaks a documented rule`));
    expect(blocked?.match(/blocked/g)).toHaveLength(1);
  });
});
