// The built ESM entries, as users import them: one real call through the HTTP face.
import { DEFAULT_CLIENT } from '../dist/index.js';
import { createKleinanzeigenFake, kleinanzeigenHandlers } from '../dist/msw.js';
import { startKleinanzeigenServer } from '../dist/server.js';

const running = await startKleinanzeigenServer({ fakeOptions: { latencyMs: 0 } });
try {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, audience: 'consumer-goods-api' });
  const token = await (await fetch(running.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })).json();
  const created = await fetch(`${running.baseUrl}/v1/imprints`, { method: 'POST', headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' }, body: '{"content": "esm"}' });
  if (created.status !== 201) throw new Error(`ESM build: POST /v1/imprints answered ${created.status} ${await created.text()}`);
  if (kleinanzeigenHandlers(createKleinanzeigenFake()).length !== 3) throw new Error('ESM build: expected 3 msw handlers');
} finally {
  await running.close();
}
console.log('ESM build: a real call works');
