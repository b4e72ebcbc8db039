import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { feedAds, runCli, startEnv, stopEnv, writeNdjson, type Env } from './helpers.js';

describe('clear one-line errors, exit 2, nothing sent', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  beforeEach(() => env.proxy.reset());
  afterAll(() => stopEnv(env));

  it('a line of the NDJSON feed that is not JSON: its line number', async () => {
    const ads = feedAds(3).map((a) => JSON.stringify(a));
    const feed = join(env.dir, 'broken.ndjson');
    writeFileSync(feed, `${ads[0]}\n\n${ads[1]}\n{"vehicle_type": "car",\n${ads[2]}\n`);
    const run = await runCli(env, ['--feed', feed]);
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(new RegExp(`^error: bad feed: ${feed.replace(/[/.]/g, '\\$&')}:4: not valid JSON`));
    expect(env.proxy.requests).toEqual([]);
  });

  it('an element of a JSON array that is not an ad: the line it starts on', async () => {
    const feed = join(env.dir, 'broken.json');
    const [a, b] = feedAds(2);
    writeFileSync(feed, `[\n  ${JSON.stringify(a)},\n  ${JSON.stringify(b)},\n  {\n    "source_id": "x",\n    "vehicle_type": "cars"\n  }\n]\n`);
    const run = await runCli(env, ['--feed', feed]);
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/broken\.json:4: "vehicle_type" must be one of agriculture-thresher, .*; got "cars"$/);
  });

  it('a truncated JSON array', async () => {
    const feed = join(env.dir, 'truncated.json');
    writeFileSync(feed, `[\n${JSON.stringify(feedAds(1)[0])},\n{"source_id": "a"`);
    const run = await runCli(env, ['--feed', feed]);
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/truncated\.json:3: the JSON array is not closed/);
  });

  it('a missing feed file', async () => {
    const run = await runCli(env, ['--feed', 'nope.ndjson']);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([`error: bad feed: ${join(env.dir, 'nope.ndjson')}: no such file`]);
  });

  it('a bad token: one line, never the token', async () => {
    const feed = writeNdjson(join(env.dir, 'ok.ndjson'), feedAds(2));
    const bad = 'eyJhbGciOiJIUzI1NiJ9.eyJzY29wZSI6ImRlYWxlcl9jb2RlIiwiZGVhbGVyX2NvZGUiOiJEMSJ9.c2VjcmV0LXNpZ25hdHVyZQ';
    const run = await runCli(env, ['--feed', feed], { PRO_IMPORT_TOKEN: bad });
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/^error: the server refused the token \(401\)/);
    expect([...run.out, ...run.err].join('\n')).not.toContain('c2VjcmV0LXNpZ25hdHVyZQ');
  });

  it('no token at all', async () => {
    const code = await main(['--feed', 'x.ndjson'], { out: () => undefined, err: (l) => expect(l).toMatch(/PRO_IMPORT_TOKEN is not set/), isTty: false, env: {}, cwd: env.dir });
    expect(code).toBe(2);
  });

  it('an unreachable server', async () => {
    const feed = writeNdjson(join(env.dir, 'ok2.ndjson'), feedAds(2));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err: string[] = [];
    const code = await main(['--feed', feed, '--base-url', `http://127.0.0.1:${port}/pro-import-api`, '--journal', join(env.dir, 'u.journal')], {
      out: () => undefined,
      err: (l) => err.push(l),
      isTty: false,
      env: { PRO_IMPORT_TOKEN: env.token },
      cwd: env.dir,
    });
    expect(code).toBe(2);
    expect(err).toEqual([`error: cannot reach the server at http://127.0.0.1:${port}/pro-import-api (ECONNREFUSED, 4 attempts): check --base-url and the network`]);
  }, 20_000);

  it('usage errors', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (l: string) => err.push(l), isTty: false, env: { PRO_IMPORT_TOKEN: env.token }, cwd: env.dir };
    expect(await main([], io)).toBe(2);
    expect(await main(['--feed', 'f', '--max-delete', 'lots'], io)).toBe(2);
    expect(await main(['--feed', 'f', '--concurrency', '0'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/required option '--feed <file>' not specified/);
    expect(err.join('\n')).toMatch(/--max-delete.*must be a count \(15\) or a percentage/);
  });

  it('--version prints the version the bin read from package.json, and exits 0', async () => {
    const out: string[] = [];
    expect(await main(['--version'], { out: (l) => out.push(l), err: () => undefined, isTty: false, env: {}, cwd: env.dir, version: '1.2.3' })).toBe(0);
    expect(out).toEqual(['1.2.3']);
  });
});
