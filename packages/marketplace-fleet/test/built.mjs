// The built ESM entries, as users import them: a throwaway PostgreSQL from ./local-postgres, then migrate, enqueue,
// a worker that syncs one dealer's one-ad feed against a local server, and status.
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enqueue, FleetWorker, migrate, parseFleetConfig, status } from '../dist/index.js';
import { startLocalPostgres } from '../dist/local-postgres.js';

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
  const dir = mkdtempSync(join(tmpdir(), 'fleet-esm-'));
  const ad = { vehicle_type: 'boat', source_id: 'esm-1', category_id: 1060, title: 'Buster', contact: { email: 'a@example.com' }, category_fields: { brand: 'buster', model: 'M', model_year: 2020, boat_type: 'motorboat' } };
  writeFileSync(join(dir, 'feed.ndjson'), `${JSON.stringify(ad)}\n`);
  const config = { ...parseFleetConfig({ dealers: [{ id: 'E1', marketplace: 'pro-import', baseUrl: `http://127.0.0.1:${server.address().port}/pro-import-api`, tokenEnv: 'E1_TOKEN', feed: 'feed.ndjson' }] }), file: join(dir, 'fleet.json') };
  await migrate({ databaseUrl: db.url });
  const [queued] = await enqueue({ databaseUrl: db.url, config });
  const worker = new FleetWorker({ databaseUrl: db.url, config, env: { E1_TOKEN: 'esm-token-123' }, pollSeconds: 0.5 });
  await worker.start();
  let row;
  for (let i = 0; i < 200 && row?.state !== 'done'; i += 1) {
    await new Promise((r) => setTimeout(r, 100));
    [row] = (await status({ databaseUrl: db.url })).dealers;
  }
  await worker.stop();
  if (!queued.queued || row?.state !== 'done' || row.lastRun.created !== 1) throw new Error(`ESM build: the dealer did not sync: ${JSON.stringify(row)}`);
  if (seen.join('|') !== 'GET /pro-import-api/v4/ad esm-token-123|POST /pro-import-api/v4/boat esm-token-123') throw new Error(`ESM build: unexpected requests ${seen.join(', ')}`);
  console.log('ESM build: local PostgreSQL, migrate, enqueue, a worker syncing a dealer, and status work');
} finally {
  await db.stop();
  server.close();
}
