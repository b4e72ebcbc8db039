// @x/marketplace-sync's library: a one-ad feed synced onto @x/pro-import-testkit's HTTP fake with a journal.
'use strict';

module.exports = async function probe(load) {
  const { mkdtempSync, writeFileSync, rmSync } = await load('node:fs');
  const { tmpdir } = await load('node:os');
  const { join } = await load('node:path');
  const { FileJournal, proImportAdapter, sync } = await load('@x/marketplace-sync');
  const { buildAd } = await load('@x/pro-import-testkit');
  const { startFakeServer } = await load('@x/pro-import-testkit/server');
  const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  const dir = mkdtempSync(join(tmpdir(), 'release-check-sync-'));
  try {
    const ad = { vehicle_type: 'boat', ...buildAd('boat') };
    writeFileSync(join(dir, 'feed.ndjson'), `${JSON.stringify(ad)}\n`);
    const token = running.fake.token({ scope: 'dealer_code', dealer_code: 'RC1' });
    const identity = { marketplace: 'pro-import', target: 'release-check' };
    const journal = FileJournal.open(join(dir, 'sync.journal'), identity);
    const { result } = await sync({ feed: join(dir, 'feed.ndjson'), adapter: proImportAdapter({ token, baseUrl: running.baseUrl }), journal });
    await journal.close();
    if (!result.converged) throw new Error(`the sync did not converge: ${JSON.stringify(result)}`);
    return `boat ${ad.source_id} synced (converged)`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await running.close();
  }
};
