// The built ESM entry, as users import it: one real call against a local server.
import { createServer } from 'node:http';
import { createProImportClient, ProImportNotFoundError } from '../dist/index.js';
import { validatePayload } from '../dist/validators/index.js';
import { CarNamespace, createProImportRuntime, ProImportNotFoundError as CoreNotFound } from '../dist/core.js';

const server = createServer((req, res) => {
  const found = req.url === '/pro-import-api/v4/car/esm-1';
  res.writeHead(found ? 200 : 404, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(found ? { source_id: 'esm-1', token: req.headers['x-auth-token'] } : { detail: 'Not found.' }));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const client = createProImportClient({ token: 'esm-token-123', baseUrl: `http://127.0.0.1:${server.address().port}/pro-import-api`, retry: false });
const ad = await client.car.get('esm-1');
const missing = await client.car.get('nope').catch((error) => error);
// The ./core entry: one namespace over a runtime, no whole client.
const car = new CarNamespace(createProImportRuntime({ token: 'esm-token-123', baseUrl: `http://127.0.0.1:${server.address().port}/pro-import-api`, retry: false }));
const viaCore = await car.get('esm-1');
const coreMissing = await car.get('nope').catch((error) => error);
server.close();
if (ad.source_id !== 'esm-1' || ad.token !== 'esm-token-123') throw new Error(`ESM build: unexpected answer ${JSON.stringify(ad)}`);
if (!(missing instanceof ProImportNotFoundError)) throw new Error('ESM build: a 404 is not a ProImportNotFoundError');
if (viaCore.source_id !== 'esm-1' || viaCore.token !== 'esm-token-123') throw new Error(`ESM build of ./core: unexpected answer ${JSON.stringify(viaCore)}`);
if (!(coreMissing instanceof CoreNotFound) || CoreNotFound !== ProImportNotFoundError) throw new Error('ESM build of ./core: a 404 is not the one ProImportNotFoundError');
if (validatePayload('car', 'create', { title: 'x' }).success) throw new Error('ESM build: the validators accepted a title on a car');
console.log('ESM build: a real call, its errors, the ./core entry and the validators work');
