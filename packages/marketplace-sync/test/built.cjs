// The built CJS entry, as users import it: a real sync of a one-ad feed against a local server.
const { createServer } = require("node:http");
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { FileJournal, plan, proImportAdapter, sync } = require('../dist/index.cjs');

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
(async () => {
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const dir = mkdtempSync(join(tmpdir(), 'sync-cjs-'));
const ad = { vehicle_type: 'boat', source_id: 'cjs-1', category_id: 1060, title: 'Buster', contact: { email: 'a@example.com' }, category_fields: { brand: 'buster', model: 'M', model_year: 2020, boat_type: 'motorboat' } };
writeFileSync(join(dir, 'feed.ndjson'), `${JSON.stringify(ad)}\n`);
const adapter = proImportAdapter({ token: 'cjs-token-123', baseUrl: `http://127.0.0.1:${server.address().port}/pro-import-api` });
const journal = FileJournal.open(join(dir, 'j.journal'), { marketplace: 'pro-import', target: 'local' });
const { result } = await sync({ feed: join(dir, 'feed.ndjson'), adapter, journal });
await journal.close();
server.close();
if (plan([ad], []).summary.create !== 1) throw new Error('CJS build: plan() did not plan a create');
if (!result.converged || seen.join('|') !== 'GET /pro-import-api/v4/ad cjs-token-123|POST /pro-import-api/v4/boat cjs-token-123') throw new Error(`CJS build: unexpected requests ${seen.join(', ')}`);
console.log('CJS build: plan, a real sync (list + create) and the journal work');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
