// What both built entries must do, as users call them: a throwaway PostgreSQL from ./local-postgres, then migrate,
// enqueue, a worker that syncs one dealer's one-ad feed against a local server that answers like Pro Import, and
// status. built.cjs passes the require()d CommonJS build, built.mjs the import()ed ESM build.
const { createServer } = require('node:http');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

async function checkBuild(label, fleet, { startLocalPostgres }) {
  const seen = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url.split('?')[0]} ${req.headers['x-auth-token']}`);
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/json' });
      res.end(req.method === 'POST' ? JSON.stringify({ ...JSON.parse(body), state: 'created' }) : JSON.stringify({ count: 0, next: null, previous: null, results: [] }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const db = await startLocalPostgres();
  try {
    const dir = mkdtempSync(join(tmpdir(), `fleet-${label}-`));
    const ad = { vehicle_type: 'boat', source_id: `${label}-1`, category_id: 1060, title: 'Buster', contact: { email: 'a@example.com' }, category_fields: { brand: 'buster', model: 'M', model_year: 2020, boat_type: 'motorboat' } };
    writeFileSync(join(dir, 'feed.ndjson'), `${JSON.stringify(ad)}\n`);
    const dealers = [{ id: 'E1', marketplace: 'pro-import', baseUrl: `http://127.0.0.1:${server.address().port}/pro-import-api`, tokenEnv: 'E1_TOKEN', feed: 'feed.ndjson' }];
    const config = { ...fleet.parseFleetConfig({ dealers }), file: join(dir, 'fleet.json') };
    await fleet.migrate({ databaseUrl: db.url });
    const [queued] = await fleet.enqueue({ databaseUrl: db.url, config });
    const worker = new fleet.FleetWorker({ databaseUrl: db.url, config, env: { E1_TOKEN: `${label}-token-123` }, pollSeconds: 0.5 });
    await worker.start();
    let row;
    for (let i = 0; i < 200 && row?.state !== 'done'; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      [row] = (await fleet.status({ databaseUrl: db.url })).dealers;
    }
    await worker.stop();
    if (!queued.queued || row?.state !== 'done' || row.lastRun.created !== 1) throw new Error(`${label} build: the dealer did not sync: ${JSON.stringify(row)}`);
    const expected = `GET /pro-import-api/v4/ad ${label}-token-123|POST /pro-import-api/v4/boat ${label}-token-123`;
    if (!seen.join('|').startsWith(expected)) throw new Error(`${label} build: unexpected requests ${seen.join(', ')}`);
  } finally {
    await db.stop();
    server.close();
  }
}

module.exports = { checkBuild };
