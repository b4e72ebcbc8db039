// The built CommonJS entry, as users require() it: one real call against a local server.
const { createServer } = require('node:http');
const { createProImportClient, ProImportNotFoundError } = require('../dist/index.cjs');
const { validatePayload } = require('../dist/validators/index.cjs');
const core = require('../dist/core.cjs');

(async () => {
  const server = createServer((req, res) => {
    const found = req.url === '/pro-import-api/v4/car/cjs-1';
    res.writeHead(found ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(found ? { source_id: 'cjs-1', token: req.headers['x-auth-token'] } : { detail: 'Not found.' }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = createProImportClient({ token: 'cjs-token-123', baseUrl: `http://127.0.0.1:${server.address().port}/pro-import-api`, retry: false });
  const ad = await client.car.get('cjs-1');
  const missing = await client.car.get('nope').catch((error) => error);
  // The ./core entry: one namespace over a runtime, no whole client.
  const car = new core.CarNamespace(core.createProImportRuntime({ token: 'cjs-token-123', baseUrl: `http://127.0.0.1:${server.address().port}/pro-import-api`, retry: false }));
  const viaCore = await car.get('cjs-1');
  const coreMissing = await car.get('nope').catch((error) => error);
  // The validators load lazily with `validate: true`: a car with a title is refused before anything is sent.
  const validating = createProImportClient({ token: 'cjs-token-123', baseUrl: 'http://127.0.0.1:9/none', validate: true, retry: false });
  const refused = await validating.car.create({ source_id: 'x', category_id: 1020, category_fields: {}, title: 'no' }).catch((error) => error);
  server.close();
  if (ad.source_id !== 'cjs-1' || ad.token !== 'cjs-token-123') throw new Error(`CJS build: unexpected answer ${JSON.stringify(ad)}`);
  if (!(missing instanceof ProImportNotFoundError)) throw new Error('CJS build: a 404 is not a ProImportNotFoundError');
  if (viaCore.source_id !== 'cjs-1' || viaCore.token !== 'cjs-token-123') throw new Error(`CJS build of ./core: unexpected answer ${JSON.stringify(viaCore)}`);
  if (!(coreMissing instanceof core.ProImportNotFoundError) || !(coreMissing instanceof ProImportNotFoundError)) throw new Error('CJS build of ./core: a 404 is not the one ProImportNotFoundError');
  if (refused?.status !== 400) throw new Error(`CJS build: validate: true did not refuse a title on a car (${refused})`);
  if (validatePayload('car', 'create', { title: 'x' }).success) throw new Error('CJS build: the validators accepted a title on a car');
  console.log('CJS build: a real call, its errors, lazy validators, the ./core entry and the validators entry work');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
