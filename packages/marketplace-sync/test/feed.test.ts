import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { everyTypeAds, feedAds, runCli, settled, startEnv, stopEnv, writeNdjson, type Env } from './helpers.js';

type Report = { items: Array<{ source_id?: string; line?: number; action: string; outcome: string; messages?: string[]; changes?: Array<{ path: string; from: unknown; to: unknown }> }> };

// Feeds as dealer systems export them: Latin-1 and Windows-1252 exports, byte order marks, broken lines.
describe('feeds as dealers export them', () => {
  let env: Env;
  const report = (name: string) => JSON.parse(readFileSync(join(env.dir, name), 'utf8')) as Report;
  beforeAll(async () => {
    env = await startEnv();
  });
  beforeEach(() => env.proxy.reset());
  afterAll(() => stopEnv(env));

  const withBody = (seed: number, body: string) => feedAds(2, seed).map((ad, i) => (i === 1 ? { ...ad, body } : ad));
  const lines = (ads: readonly unknown[]) => `${ads.map((a) => JSON.stringify(a)).join('\n')}\n`;

  it('a Latin-1 export read as UTF-8 stops at its line and names --encoding; nothing is sent', async () => {
    const feed = join(env.dir, 'latin1.ndjson');
    writeFileSync(feed, Buffer.from(lines(withBody(91, 'Välvårdad bil.')), 'latin1'));
    const run = await runCli(env, ['--feed', feed]);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([`error: bad feed: ${feed}:2: not UTF-8 (byte 0xE4); use --encoding latin1 or --encoding windows-1252 for a feed exported in one of those`]);
    expect(env.proxy.requests).toEqual([]);
  });

  it('--encoding latin1 and windows-1252 read such exports: the server gets the right text', async () => {
    const latin = withBody(92, 'Välvårdad bil, ägd av en äldre herre.');
    writeFileSync(join(env.dir, 'l1.ndjson'), Buffer.from(lines(latin), 'latin1'));
    expect((await runCli(env, ['--feed', join(env.dir, 'l1.ndjson'), '--encoding', 'latin1'])).code).toBe(0);
    expect(env.running.fake.getAd('D1', latin[1]!.source_id)?.body).toBe('Välvårdad bil, ägd av en äldre herre.');
    const cp = withBody(93, 'Pris 9 900 € – förhandlingsbart');
    // Windows-1252: € is 0x80 and – is 0x96 (C1 controls in Latin-1).
    const text = lines(cp).replace('€', '\u0080').replace('–', '\u0096');
    writeFileSync(join(env.dir, 'cp.ndjson'), Buffer.from(text, 'latin1'));
    expect((await runCli(env, ['--feed', join(env.dir, 'cp.ndjson'), '--encoding', 'windows-1252'])).code).toBe(0);
    expect(env.running.fake.getAd('D1', cp[1]!.source_id)?.body).toBe('Pris 9 900 € – förhandlingsbart');
    settled(env);
  });

  it('a UTF-8 byte order mark is skipped; a UTF-16 file is named as such, without a line', async () => {
    const ads = feedAds(2, 94);
    writeFileSync(join(env.dir, 'bom.ndjson'), `\uFEFF${lines(ads)}`);
    expect((await runCli(env, ['--feed', join(env.dir, 'bom.ndjson')])).code).toBe(0);
    const utf16 = join(env.dir, 'utf16.ndjson');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines(ads), 'utf16le')]));
    const run = await runCli(env, ['--feed', utf16]);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([`error: bad feed: ${utf16}: is UTF-16 (it starts with a UTF-16 byte order mark); export the feed as UTF-8`]);
    settled(env);
  });

  it('sync check: every line checked without any network, each problem with its line, a summary; exit 1', async () => {
    const [a, b, c] = everyTypeAds(95);
    const feed = join(env.dir, 'check.ndjson');
    writeFileSync(feed, [JSON.stringify(a), '{"source_id": "x",', JSON.stringify({ source_id: 'y', vehicle_type: 'cars' }), JSON.stringify({ ...b, title: 'A title a registered vehicle must not have', vehicle_type: 'car', source_id: 'car-titled' }), JSON.stringify(c), JSON.stringify(c)].join('\n'));
    const out: string[] = [];
    const err: string[] = [];
    const fetched: string[] = [];
    const code = await main(['check', '--feed', 'check.ndjson'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      isTty: false,
      env: {},
      cwd: env.dir,
      fetch: async (request) => {
        fetched.push(request.url);
        throw new Error('no network in check');
      },
    });
    expect(code).toBe(1);
    expect(fetched).toEqual([]);
    expect(out[0]).toMatch(new RegExp(`^${feed.replace(/[/.]/g, '\\$&')}:2: not valid JSON`));
    expect(out[1]).toBe(`${feed}:3: "vehicle_type" must be one of agriculture-thresher, agriculture-tools, agriculture-tractor, atv, boat, bus, camper, car, caravan, construction, moped, motorcycle, snowmobile, trailer, transport, truck; got "cars"`);
    expect(out[2]).toMatch(new RegExp(`^${feed.replace(/[/.]/g, '\\$&')}:4: car-titled: the create body breaks a documented rule \\(.*title: This field is not allowed`));
    expect(out[3]).toBe(`${feed}:6: ${c!.source_id}: source_id is in the feed twice (lines 5 and 6): both are blocked`);
    expect(out.at(-1)).toBe(`${feed}: 6 record(s), 1 ad(s) ready to sync; 2 record(s) not ads, 1 blocked by documented rules, 1 duplicated source_id(s); 7 warning(s) on rules the documents do not state (never blocking)`);
    expect(err).toEqual([]);
  });

  it('sync check of a good feed: exit 0', async () => {
    const feed = writeNdjson(join(env.dir, 'good.ndjson'), everyTypeAds(96));
    const out: string[] = [];
    const code = await main(['check', '--feed', feed, '--json'], { out: (l) => out.push(l), err: () => undefined, isTty: false, env: {}, cwd: env.dir });
    expect(code).toBe(0);
    expect(JSON.parse(out.at(-1)!)).toMatchObject({ event: 'summary', records: 16, ready: 16, invalid: 0, exit: 0 });
  });

  it('--skip-invalid sends the good lines, reports the bad ones (exit 1) and deletes nothing', async () => {
    const ads = feedAds(4, 97);
    const seedFeed = writeNdjson(join(env.dir, 'skip-seed.ndjson'), ads);
    expect((await runCli(env, ['--feed', seedFeed, '--journal', join(env.dir, 'skip.journal')])).code).toBe(0);
    settled(env);
    env.proxy.reset();
    const changed = ads.slice(0, 3).map((ad) => ({ ...ad, body: 'Ny text.' }));
    const feed = join(env.dir, 'skip.ndjson');
    writeFileSync(feed, [JSON.stringify(changed[0]), '{broken', JSON.stringify(changed[1]), '[1, 2]', JSON.stringify(changed[2])].join('\n'));
    const run = await runCli(env, ['--feed', feed, '--journal', join(env.dir, 'skip.journal'), '--skip-invalid', '--delete-missing', '--force', '--report', 'skip.json']);
    expect(run.code).toBe(1);
    expect(run.err.filter((l) => l.startsWith('skipped: '))).toEqual([expect.stringMatching(new RegExp(`^skipped: ${feed.replace(/[/.]/g, '\\$&')}:2: not valid JSON`)), `skipped: ${feed}:4: an ad must be a JSON object, got an array`]);
    const items = report('skip.json').items;
    expect(items.filter((i) => i.outcome === 'invalid').map((i) => i.line)).toEqual([2, 4]);
    expect(items.filter((i) => i.action === 'update' && i.outcome === 'done')).toHaveLength(3);
    expect(items.find((i) => i.source_id === ads[3]!.source_id)).toMatchObject({ action: 'kept', outcome: 'kept' });
    expect(env.proxy.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    settled(env);
  });

  it('an ad over the server body limit is blocked in the plan; a report never carries a value whole', async () => {
    const [small, large] = feedAds(2, 98);
    const huge = { ...large!, body: 'Lång text. '.repeat(120_000) };
    const feed = writeNdjson(join(env.dir, 'huge.ndjson'), [small, huge]);
    const run = await runCli(env, ['--feed', feed, '--report', 'huge.json']);
    expect(run.code).toBe(1);
    const item = report('huge.json').items.find((i) => i.source_id === large!.source_id);
    expect(item).toMatchObject({ action: 'blocked' });
    expect(item?.messages?.[0]).toMatch(/^its create body is 1\.\d MiB, over the 1\.0 MiB the server takes \(reconstructed: .*\); shorten "body" \(1\.\d MiB\) in the feed$/);
    expect(env.proxy.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    settled(env);
    const longer = { ...small!, body: 'Ändrad. '.repeat(2000) };
    expect((await runCli(env, ['--feed', writeNdjson(feed, [longer]), '--report', 'long.json'])).code).toBe(0);
    const change = report('long.json').items.find((i) => i.source_id === small!.source_id)?.changes?.find((c) => c.path === 'body');
    expect(change?.to).toBe(`${'Ändrad. '.repeat(15)}… (15,999 characters)`); // compared trimmed
    expect(readFileSync(join(env.dir, 'long.json'), 'utf8')).not.toContain('Ändrad. '.repeat(16));
    settled(env);
  });

  it('a run that sent nothing leaves no journal behind (nor its folder)', async () => {
    const ads = feedAds(2, 99);
    const feed = writeNdjson(join(env.dir, 'nothing.ndjson'), ads);
    expect((await runCli(env, ['--feed', feed, '--journal', join(env.dir, 'first.journal')])).code).toBe(0);
    settled(env);
    const fresh = join(env.dir, 'fresh', 'nested', 'sync.journal');
    expect((await runCli(env, ['--feed', feed, '--journal', fresh])).code).toBe(0);
    expect(existsSync(join(env.dir, 'fresh'))).toBe(false);
  });
});
