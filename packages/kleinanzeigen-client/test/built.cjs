// The built CommonJS entry, as users require() it: a token and one goods call against a local server.
const { createServer } = require('node:http');
const { createKleinanzeigenClient, KleinanzeigenNotFoundError } = require('../dist/index.cjs');
const { validatePayload } = require('../dist/validators/index.cjs');
const core = require('../dist/core.cjs');

(async () => {
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
        if (form.get('client_secret') !== 'cjs-secret-123') return json(401, { error: 'invalid_client' });
        tokens += 1;
        return json(200, { access_token: 'eyJ.cjs-token', token_type: 'bearer', expires_in: 3600 });
      }
      if (req.headers.authorization !== 'Bearer eyJ.cjs-token') return json(401, { status: 401, title: 'Unauthorized', detail: 'no token' });
      if (req.url === '/api/goods/v1/listings/cjs-1') return json(200, { uuid: 'cjs-1', title: 'Lego', category: 'Spielzeug', description: 'x', userId: 'u', urls: [] });
      return json(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Listing not found', instance: '/api/v1/listings/nope' });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const client = createKleinanzeigenClient({ clientId: 'cjs', clientSecret: 'cjs-secret-123', baseUrl: `${origin}/api/goods`, tokenUrl: `${origin}/v2/oidc/token`, retry: false });
  const listing = await client.listings.get('cjs-1');
  const missing = await client.listings.get('nope').catch((error) => error);
  // The ./core entry: one namespace over a runtime (its own token), no whole client.
  const listings = new core.ListingsNamespace(core.createKleinanzeigenRuntime({ clientId: 'cjs', clientSecret: 'cjs-secret-123', baseUrl: `${origin}/api/goods`, tokenUrl: `${origin}/v2/oidc/token`, retry: false }));
  const viaCore = await listings.get('cjs-1');
  const coreMissing = await listings.get('nope').catch((error) => error);
  // The validators load lazily with `validate: true`: a GIF ticket is refused (415, as the server) before anything is sent.
  const validating = createKleinanzeigenClient({ token: 'eyJ.unused', baseUrl: 'http://127.0.0.1:9/none', validate: true, retry: false });
  const refused = await validating.media.requestTicket({ mediaType: 'image/gif' }).catch((error) => error);
  server.close();
  if (listing.uuid !== 'cjs-1' || viaCore.uuid !== 'cjs-1' || tokens !== 2) throw new Error(`CJS build: unexpected answer ${JSON.stringify(listing)} after ${tokens} tokens`);
  if (!(missing instanceof KleinanzeigenNotFoundError) || missing.detail !== 'Listing not found') throw new Error('CJS build: a 404 is not a KleinanzeigenNotFoundError with its detail');
  if (!(coreMissing instanceof KleinanzeigenNotFoundError)) throw new Error('CJS build of ./core: a 404 is not the one KleinanzeigenNotFoundError');
  if (refused?.status !== 415 || refused.constructor.name !== 'KleinanzeigenUnsupportedMediaTypeError') throw new Error(`CJS build: validate: true did not refuse image/gif with the documented 415 (${refused})`);
  if (validatePayload('media', 'requestTicket', { mediaType: 'image/gif' }).success) throw new Error('CJS build: the validators accepted image/gif');
  console.log('CJS build: a token, a real call, its errors, lazy validators, the ./core entry and the validators entry work');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
