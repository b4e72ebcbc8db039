import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '@x/kleinanzeigen-testkit/server';
import { main } from '../src/cli/main.js';
import { countingProxy, feedAds, tempDir, writeNdjson, type Ad } from './helpers.js';

const IMAGES = new URL('../../../examples/kleinanzeigen-quickstart/images/', import.meta.url);
const SECRET = 'local-secret-1234567';

// One stock feed drives Kleinanzeigen too: listing + images + publication per ad, and, since the gateway cannot
// list listings, the journal is what tells the next run which listings exist.
describe('the Kleinanzeigen adapter over HTTP', () => {
  let running: RunningKleinanzeigenServer;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let images: Server;
  let imageBase: string;
  let imprintUuid: string;
  const dir = tempDir();
  let ads: Ad[];

  const run = async (feed: Ad[], args: string[] = []) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['--marketplace', 'kleinanzeigen', '--feed', writeNdjson(join(dir, 'feed.ndjson'), feed), '--base-url', proxy.url, '--journal', join(dir, 'ka.journal'), '--imprint-uuid', imprintUuid, ...args],
      { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false, env: { KLEINANZEIGEN_CLIENT_ID: 'shop', KLEINANZEIGEN_CLIENT_SECRET: SECRET }, cwd: dir },
    );
    return { code, out, err };
  };
  const writes = () => proxy.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/oidc/token')).map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ':id')}`);

  beforeAll(async () => {
    running = await startKleinanzeigenServer({ port: 0, fakeOptions: { clients: [{ clientId: 'shop', clientSecret: SECRET }], latencyMs: 0 } });
    proxy = await countingProxy(running.baseUrl);
    images = createServer((req, res) => {
      const name = (req.url ?? '').split('/').pop() === '2.jpg' ? 'back.png' : 'front.jpg';
      res.writeHead(200, { 'Content-Type': name.endsWith('png') ? 'image/png' : 'image/jpeg' });
      res.end(readFileSync(new URL(name, IMAGES)));
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    imageBase = `http://127.0.0.1:${(images.address() as { port: number }).port}`;
    const client = createKleinanzeigenClient({ clientId: 'shop', clientSecret: SECRET, baseUrl: running.baseUrl, tokenUrl: running.tokenUrl });
    imprintUuid = (await client.imprints.create({ content: 'Bilhandel AB, Storgatan 1, Stockholm' })).uuid;
    ads = feedAds(3, 31).map((ad, i) => ({ ...ad, image_urls: [`${imageBase}/${i}/1.jpg`, `${imageBase}/${i}/2.jpg`] }));
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => images.close(() => resolve()));
    await running.close();
  });

  it('first sync: a listing, its images and a publication per ad', async () => {
    const first = await run(ads, ['--wait']);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    const listings = running.fake.listListings();
    expect(listings).toHaveLength(3);
    for (const listing of listings) expect((listing as { urls: unknown[] }).urls).toHaveLength(2);
    const car = listings.find((l) => (l as { customReference?: string }).customReference === ads[0]!.source_id) as Record<string, unknown>;
    expect(car.title).toMatch(/^Volvo xc60 /);
    expect(car.category).toBe('Auto_Rad_Boot/Autos');
    expect((car.adPrice as { amount: number }).amount).toBe(100_000);
    expect(writes().filter((w) => w === 'POST /api/goods/v1/listings/:id/publications')).toHaveLength(3);
  });

  it('a re-run with the same feed sends nothing (it reads each remembered listing and its publications)', async () => {
    proxy.reset();
    const again = await run(ads);
    expect(again.code).toBe(0);
    expect(writes()).toEqual([]);
    const reads = proxy.requests.filter((r) => r.method === 'GET' && r.path.includes('/v1/listings/')).map((r) => r.path.replace(/[0-9a-f-]{36}/g, ':id'));
    expect(reads.sort()).toEqual([...Array(3).fill('/api/goods/v1/listings/:id'), ...Array(3).fill('/api/goods/v1/listings/:id/publications')]);
  });

  it('a price change updates and republishes; images swapped are only reordered; a removed ad is deleted', async () => {
    proxy.reset();
    const changed = [
      { ...ads[0]!, price: [{ type: 'list', amount: 95_000, currency: 'SEK' }] },
      { ...ads[1]!, image_urls: [...(ads[1]!.image_urls as string[])].reverse() },
    ];
    const third = await run(changed, ['--delete-missing', '--force']);
    expect(third.err).toEqual([]);
    expect(third.code).toBe(0);
    expect(writes().sort()).toEqual([
      'DELETE /api/goods/v1/listings/:id',
      'PUT /api/goods/v1/listings/:id',
      'PUT /api/goods/v1/listings/:id/media/order',
      'PUT /api/goods/v1/listings/:id/publications/:id',
      'PUT /api/goods/v1/listings/:id/publications/:id',
    ]);
    proxy.reset();
    expect((await run(changed, ['--delete-missing'])).code).toBe(0);
    expect(writes()).toEqual([]);
  });

  it('the journal holds listing uuids, never the secret or a token', () => {
    const journal = readFileSync(join(dir, 'ka.journal'), 'utf8');
    expect(journal).toMatch(/"listingUuid":"[0-9a-f-]{36}"/);
    expect(journal).not.toContain(SECRET);
    expect(journal).not.toMatch(/eyJ/);
  });
});
