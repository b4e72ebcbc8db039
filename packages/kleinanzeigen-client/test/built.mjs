// The built ESM entry, as users import it: a token and one goods call against a local server.
import { createServer } from 'node:http';
import { createKleinanzeigenClient, KleinanzeigenNotFoundError } from '../dist/index.js';
import { validatePayload } from '../dist/validators/index.js';
import { ListingsNamespace, createKleinanzeigenRuntime, KleinanzeigenNotFoundError as CoreNotFound } from '../dist/core.js';
import { validateMediaRequestTicket } from '../dist/validators/media.js';

let tokens = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const json = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/v2/oidc/token') {
      if (form.get('client_secret') !== 'esm-secret-123') return json(401, { error: 'invalid_client' });
      tokens += 1;
      return json(200, { access_token: 'eyJ.esm-token', token_type: 'bearer', expires_in: 3600 });
    }
    if (req.headers.authorization !== 'Bearer eyJ.esm-token') return json(401, { status: 401, title: 'Unauthorized', detail: 'no token' });
    if (req.url === '/api/goods/v1/listings/esm-1') return json(200, { uuid: 'esm-1', title: 'Lego', category: 'Spielzeug', description: 'x', userId: 'u', urls: [] });
    return json(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Listing not found', instance: '/api/v1/listings/nope' });
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const client = createKleinanzeigenClient({ clientId: 'esm', clientSecret: 'esm-secret-123', baseUrl: `${origin}/api/goods`, tokenUrl: `${origin}/v2/oidc/token`, retry: false });
const listing = await client.listings.get('esm-1');
const missing = await client.listings.get('nope').catch((error) => error);
// The ./core entry: one namespace over a runtime (its own token), no whole client.
const listings = new ListingsNamespace(createKleinanzeigenRuntime({ clientId: 'esm', clientSecret: 'esm-secret-123', baseUrl: `${origin}/api/goods`, tokenUrl: `${origin}/v2/oidc/token`, retry: false }));
const viaCore = await listings.get('esm-1');
const coreMissing = await listings.get('nope').catch((error) => error);
server.close();
if (listing.uuid !== 'esm-1' || viaCore.uuid !== 'esm-1' || tokens !== 2) throw new Error(`ESM build: unexpected answer ${JSON.stringify(listing)} after ${tokens} tokens`);
if (!(missing instanceof KleinanzeigenNotFoundError) || missing.detail !== 'Listing not found') throw new Error('ESM build: a 404 is not a KleinanzeigenNotFoundError with its detail');
if (!(coreMissing instanceof CoreNotFound) || CoreNotFound !== KleinanzeigenNotFoundError) throw new Error('ESM build of ./core: a 404 is not the one KleinanzeigenNotFoundError');
if (validatePayload('media', 'requestTicket', { mediaType: 'image/gif' }).success) throw new Error('ESM build: the validators accepted image/gif');
if (validateMediaRequestTicket({ mediaType: 'image/gif' }).success) throw new Error('ESM build: the per-resource validators entry accepted image/gif');
console.log('ESM build: a token, a real call, its errors, the ./core entry and the validators entries work');
