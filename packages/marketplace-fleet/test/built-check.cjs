// What both built entries must do, as users call them: a throwaway PostgreSQL from ./local-postgres, then migrate,
// enqueue, a worker that syncs one dealer's one-ad feed onto @x/pro-import-testkit's HTTP fake, and status.
// built.cjs passes the require()d CommonJS build, built.mjs the import()ed ESM build.
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { buildAd } = require('@x/pro-import-testkit');
const { startFakeServer } = require('@x/pro-import-testkit/server');

async function checkBuild(label, fleet, { startLocalPostgres }) {
  const pro = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  const db = await startLocalPostgres();
  try {
    const dir = mkdtempSync(join(tmpdir(), `fleet-${label}-`));
    const ad = { vehicle_type: 'boat', ...buildAd('boat'), source_id: `${label}-1` };
    writeFileSync(join(dir, 'feed.ndjson'), `${JSON.stringify(ad)}\n`);
    const dealers = [{ id: 'E1', marketplace: 'pro-import', baseUrl: pro.baseUrl, tokenEnv: 'E1_TOKEN', feed: 'feed.ndjson' }];
    const config = { ...fleet.parseFleetConfig({ dealers }), file: join(dir, 'fleet.json') };
    await fleet.migrate({ databaseUrl: db.url });
    const [queued] = await fleet.enqueue({ databaseUrl: db.url, config });
    const token = pro.fake.token({ scope: 'dealer_code', dealer_code: 'E1' });
    const worker = new fleet.FleetWorker({ databaseUrl: db.url, config, env: { E1_TOKEN: token }, pollSeconds: 0.5 });
    await worker.start();
    let row;
    for (let i = 0; i < 200 && row?.state !== 'done'; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      [row] = (await fleet.status({ databaseUrl: db.url })).dealers;
    }
    await worker.stop();
    if (!queued.queued || row?.state !== 'done' || row.lastRun.created !== 1) throw new Error(`${label} build: the dealer did not sync: ${JSON.stringify(row)}`);
    const ads = pro.fake.listAds().map((a) => a.source_id);
    if (ads.join() !== ad.source_id) throw new Error(`${label} build: the fake holds ${ads.join(', ') || 'no ad'}, not ${ad.source_id}`);
  } finally {
    await db.stop();
    await pro.close();
  }
}

module.exports = { checkBuild };
