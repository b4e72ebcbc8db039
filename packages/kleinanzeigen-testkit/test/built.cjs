(async () => {
// The built CommonJS entries, as users require() them: one real call through the HTTP face.
const { DEFAULT_CLIENT } = require('../dist/index.cjs');
const { startKleinanzeigenServer } = require('../dist/server.cjs');
const { kleinanzeigenHandlers, createKleinanzeigenFake } = require('../dist/msw.cjs');

const running = await startKleinanzeigenServer({ fakeOptions: { latencyMs: 0 } });
try {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, audience: 'consumer-goods-api' });
  const token = await (await fetch(running.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })).json();
  const created = await fetch(`${running.baseUrl}/v1/imprints`, { method: 'POST', headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' }, body: '{"content": "cjs"}' });
  if (created.status !== 201) throw new Error(`CJS build: POST /v1/imprints answered ${created.status} ${await created.text()}`);
  if (kleinanzeigenHandlers(createKleinanzeigenFake()).length !== 3) throw new Error('CJS build: expected 3 msw handlers');
} finally {
  await running.close();
}
console.log('CJS build: a real call works');
})().catch((error) => { console.error(error); process.exit(1); });
