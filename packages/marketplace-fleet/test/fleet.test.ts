import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '@x/kleinanzeigen-testkit/server';
import type { RunningFakeServer } from '@x/pro-import-testkit/server';
import type { FleetWorker } from '../src/worker.js';
import type { DealerConfig, FleetConfig } from '../src/config.js';
import { createsOf, feedAds, freshDatabase, query, runCli, startProImport, startWorker, states, tempDir, until, writeConfig, writeNdjson, type Ad } from './helpers.js';

const IMAGES = new URL('../../../examples/kleinanzeigen-quickstart/images/', import.meta.url);
const PRO = ['P1', 'P2', 'P3', 'P4'];
const KA = ['K1', 'K2'];

// Six dealers (four on Pro Import, two on Kleinanzeigen, cars, boats, motorcycles and caravans) synced by two
// workers sharing one database: every ad ends as in its feed, each created once; status tells each dealer's run.
describe('a fleet of dealers on two workers', () => {
  let databaseUrl: string;
  let pro: RunningFakeServer;
  let ka: RunningKleinanzeigenServer;
  let images: Server;
  let config: FleetConfig;
  let configFile: string;
  const env: Record<string, string> = {};
  const feeds: Record<string, Ad[]> = {};
  const dir = tempDir();
  const workers: FleetWorker[] = [];
  const logs: string[][] = [[], []];

  beforeAll(async () => {
    databaseUrl = await freshDatabase('fleet');
    pro = await startProImport();
    ka = await startKleinanzeigenServer({ port: 0, fakeOptions: { latencyMs: 0, clients: KA.map((k) => ({ clientId: `client-${k}`, clientSecret: `secret-${k}-123456` })) } });
    images = createServer((req, res) => {
      const name = (req.url ?? '').endsWith('/2.jpg') ? 'back.png' : 'front.jpg';
      res.writeHead(200, { 'Content-Type': name.endsWith('png') ? 'image/png' : 'image/jpeg' });
      res.end(readFileSync(new URL(name, IMAGES)));
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    const imageBase = `http://127.0.0.1:${(images.address() as { port: number }).port}`;
    const dealers: DealerConfig[] = [];
    PRO.forEach((id, i) => {
      env[`${id}_TOKEN`] = pro.fake.token({ scope: 'dealer_code', dealer_code: id });
      feeds[id] = feedAds(12 + i, 10 + i, id);
      dealers.push({ id, marketplace: 'pro-import', baseUrl: pro.baseUrl, tokenEnv: `${id}_TOKEN`, feed: writeNdjson(join(dir, `${id}.ndjson`), feeds[id]!), deleteMissing: true, maxDelete: '50%' });
    });
    for (const [i, id] of KA.entries()) {
      env[`${id}_ID`] = `client-${id}`;
      env[`${id}_SECRET`] = `secret-${id}-123456`;
      const client = createKleinanzeigenClient({ clientId: `client-${id}`, clientSecret: `secret-${id}-123456`, baseUrl: ka.baseUrl, tokenUrl: ka.tokenUrl });
      const imprint = (await client.imprints.create({ content: `Bilhandel ${id}, Storgatan 1, Stockholm` })).uuid;
      feeds[id] = feedAds(3, 40 + i, id).map((ad, n) => ({ ...ad, image_urls: [`${imageBase}/${id}/${n}/1.jpg`, `${imageBase}/${id}/${n}/2.jpg`] }));
      dealers.push({ id, marketplace: 'kleinanzeigen', baseUrl: ka.baseUrl, clientIdEnv: `${id}_ID`, clientSecretEnv: `${id}_SECRET`, imprintUuid: imprint, feed: writeNdjson(join(dir, `${id}.ndjson`), feeds[id]!) });
    }
    config = { dealers, file: join(dir, 'fleet.json') };
    configFile = writeConfig(config.file as string, { dealers });
    for (const log of logs) workers.push(await startWorker({ databaseUrl, config, env, concurrency: 2 }, log));
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await pro.close();
    await ka.close();
    await new Promise<void>((resolve) => images.close(() => resolve()));
  });

  const allDone = async () => Object.values(await states(databaseUrl)).every((s) => s === 'done');

  it('first sync: every dealer done, every ad created once, status counts them', async () => {
    const queued = await runCli(['enqueue', '--config', configFile, '--database-url', databaseUrl]);
    expect(queued.err).toEqual([]);
    expect(queued.code).toBe(0);
    expect(queued.out.at(-1)).toBe('6 queued, 0 already queued or running');
    await until('every dealer done', allDone);
    for (const id of PRO) {
      expect(pro.fake.listAds().filter((a) => String(a.source_id).startsWith(`${id}-`))).toHaveLength(feeds[id]!.length);
      for (const ad of feeds[id]!) expect(createsOf(pro, id, ad.source_id)).toBe(1);
    }
    const listings = ka.fake.listListings();
    for (const id of KA) {
      const mine = listings.filter((l) => String(l.customReference).startsWith(`${id}-`));
      expect(mine).toHaveLength(3);
      for (const listing of mine) expect((listing as { urls: unknown[] }).urls).toHaveLength(2);
    }
    const { out, code } = await runCli(['status', '--json'], { DATABASE_URL: databaseUrl });
    expect(code).toBe(0);
    const rows = JSON.parse(out[0] as string) as Array<{ dealer: string; marketplace: string; state: string; lastRun: Record<string, unknown> }>;
    expect(rows.map((r) => `${r.dealer}/${r.marketplace}/${r.state}`)).toEqual([...KA.map((k) => `${k}/kleinanzeigen/done`), ...PRO.map((p) => `${p}/pro-import/done`)]);
    const p2 = rows.find((r) => r.dealer === 'P2')!;
    expect(Object.keys(p2)).toEqual(['dealer', 'marketplace', 'state', 'lastRun']);
    expect(p2.lastRun).toMatchObject({ created: 13, updated: 0, deleted: 0, unchanged: 0, failed: 0, blocked: 0 });
    expect(Object.keys(p2.lastRun).sort()).toEqual(['blocked', 'created', 'deleted', 'failed', 'finishedAt', 'startedAt', 'unchanged', 'updated']);
    expect(Date.parse(p2.lastRun.finishedAt as string)).toBeGreaterThanOrEqual(Date.parse(p2.lastRun.startedAt as string));
    // Both workers took jobs: the work was shared.
    expect(logs.every((log) => log.some((l) => / done in /.test(l)))).toBe(true);
  });

  it('second sync with changes: only the changes are sent; the table says what each dealer did', async () => {
    // P1: two prices change; P2: one ad sold (deleted); K1: a price change. The rest is unchanged.
    feeds.P1 = feeds.P1!.map((ad, i) => (i < 2 ? { ...ad, price: [{ type: 'list', amount: 90_000 + i, currency: 'SEK' }] } : ad));
    writeNdjson(join(dir, 'P1.ndjson'), feeds.P1);
    feeds.P2 = feeds.P2!.slice(1);
    writeNdjson(join(dir, 'P2.ndjson'), feeds.P2);
    feeds.K1 = feeds.K1!.map((ad, i) => (i === 0 ? { ...ad, price: [{ type: 'list', amount: 77_000, currency: 'SEK' }] } : ad));
    writeNdjson(join(dir, 'K1.ndjson'), feeds.K1);
    const before = await query<{ dealer: string; finished: string }>(databaseUrl, `SELECT dealer, last_run->>'finishedAt' AS finished FROM fleet.dealer`);
    const queued = await runCli(['enqueue', '--config', configFile, '--database-url', databaseUrl]);
    expect(queued.code).toBe(0);
    await until('every dealer ran again', async () => {
      const now = await query<{ dealer: string; finished: string }>(databaseUrl, `SELECT dealer, last_run->>'finishedAt' AS finished FROM fleet.dealer`);
      return now.every((r) => r.finished !== before.find((b) => b.dealer === r.dealer)?.finished) && (await allDone());
    });
    const { out } = await runCli(['status', '--json', '--database-url', databaseUrl]);
    const runs = Object.fromEntries((JSON.parse(out[0] as string) as Array<{ dealer: string; lastRun: Record<string, number> }>).map((r) => [r.dealer, r.lastRun]));
    expect(runs.P1).toMatchObject({ created: 0, updated: 2, deleted: 0, unchanged: 10 });
    expect(runs.P2).toMatchObject({ created: 0, updated: 0, deleted: 1, unchanged: 12 });
    expect(runs.P3).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 14 });
    expect(runs.K1).toMatchObject({ created: 0, updated: 1, deleted: 0, unchanged: 2 });
    expect((pro.fake.getAd('P1', feeds.P1[0]!.source_id) as { price: Array<{ amount: number }> }).price[0]?.amount).toBe(90_000);
    expect(pro.fake.getAd('P2', 'P2-car-0')?.state).toBe('deleted');
    const table = await runCli(['status', '--database-url', databaseUrl]);
    expect(table.out[0]).toMatch(/^dealer +marketplace +state +last run +took +created +updated +deleted +unchanged +failed +blocked +note$/);
    expect(table.out.find((l) => l.startsWith('P1 '))).toMatch(/^P1 +pro-import +done +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +[\d.]+ s +0 +2 +0 +10 +0 +0$/);
    expect(table.out.at(-1)).toBe('6 dealer(s): 6 done');
  });

  it('Kleinanzeigen: a create whose answer was lost is blocked until the operator names it in assumeNotCreated', async () => {
    // What a worker leaves when a listing POST's answer was lost: the journal says the create's fate is unknown.
    const [lost] = feedAds(1, 90, 'K2-lost').map((ad) => ({ ...ad, image_urls: feeds.K2![0]!.image_urls }));
    await query(
      databaseUrl,
      `INSERT INTO fleet.journal (dealer, marketplace, source_id, op, status, fingerprint, at, remote)
       VALUES ('K2', 'kleinanzeigen', $1, 'create', 'failed', 'x', 0, $2::jsonb)`,
      [lost!.source_id, JSON.stringify({ type: lost!.vehicle_type, createUnknown: true, createUnknownReason: 'the connection dropped after sending' })],
    );
    feeds.K2 = [...feeds.K2!, lost!];
    writeNdjson(join(dir, 'K2.ndjson'), feeds.K2);
    const runK2 = async () => {
      const before = (await query<{ finished: string }>(databaseUrl, `SELECT last_run->>'finishedAt' AS finished FROM fleet.dealer WHERE dealer = 'K2'`))[0]?.finished;
      await runCli(['enqueue', '--config', configFile, '--dealer', 'K2', '--database-url', databaseUrl]);
      await until('K2 ran', async () => {
        const [row] = await query<{ finished: string; lease: string | null }>(databaseUrl, `SELECT last_run->>'finishedAt' AS finished, lease FROM fleet.dealer WHERE dealer = 'K2'`);
        return row?.lease === null && row.finished !== before;
      });
      const { out } = await runCli(['status', '--json', '--database-url', databaseUrl]);
      return (JSON.parse(out[0] as string) as Array<{ dealer: string; state: string; lastRun: { error?: string; created: number } }>).find((r) => r.dealer === 'K2');
    };
    const blocked = await runK2();
    expect(blocked?.state).toBe('failed');
    expect(blocked?.lastRun.error).toMatch(new RegExp(`^1 ad\\(s\\) not converged \\(0 failed, 1 blocked\\); first: blocked ${lost!.source_id}: `));
    expect(ka.fake.listListings().filter((l) => l.customReference === lost!.source_id)).toEqual([]);
    // The operator checked the account: not there. The workers read the dealer's config for each job.
    (config.dealers.find((d) => d.id === 'K2') as DealerConfig).assumeNotCreated = [lost!.source_id];
    const created = await runK2();
    expect(created?.state).toBe('done');
    expect(created?.lastRun.created).toBe(1);
    expect(ka.fake.listListings().filter((l) => l.customReference === lost!.source_id)).toHaveLength(1);
  });
});
