import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type RunningFakeServer } from '../src/server.js';
import { apiFor } from './helpers.js';
import { createAdFactory } from './support.js';

const factory = createAdFactory({ seed: 606 });
let running: RunningFakeServer;
const tokens = { D1: '', D2: '' };
const as = (dealer: keyof typeof tokens) => apiFor(running.baseUrl, () => tokens[dealer]);
const text = (kb: number) => 'x'.repeat(kb * 1024);

beforeAll(async () => {
  // 40 KiB per dealer: a handful of ads of 8 KiB.
  running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 }, handler: { quotaBytes: 40 * 1024 } });
  tokens.D1 = running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
  tokens.D2 = running.fake.token({ scope: 'dealer_code', dealer_code: 'D2' });
});
beforeEach(() => running.fake.reset());
afterAll(() => running.close());

/** Creates 8 KiB ads for a dealer until the fake refuses one; answers the stored source_ids and the refusal. */
async function fill(dealer: keyof typeof tokens) {
  const stored: string[] = [];
  for (let i = 0; i < 20; i++) {
    const ad = factory.buildAd('caravan', { body: text(8) });
    const reply = await as(dealer)('POST', '/v4/caravan', { body: ad });
    if (reply.status !== 201) return { stored, refused: { ...reply, sourceId: String(ad.source_id) } };
    stored.push(String(ad.source_id));
  }
  throw new Error('the quota never refused');
}

describe('what one dealer can store is capped (the fake\'s own limit, issue 19.6)', () => {
  it('past the quota a create is 413, says it is the fake\'s limit, and stores nothing; other dealers are not affected', async () => {
    const { stored, refused } = await fill('D1');
    expect(stored.length).toBeGreaterThanOrEqual(3);
    expect(refused.status).toBe(413);
    expect(refused.body.detail).toMatch(
      /^The fake's own storage limit, not the API's: dealer D1 stores \d+\.\d KiB of the 40\.0 KiB one dealer may store in this fake, and this request adds 8\.\d KiB\. Nothing was stored\. Reset the fake \(POST \/__fake\/reset\) or start it with a larger --quota-mib\.$/,
    );
    expect((await as('D1')('GET', `/v4/caravan/${refused.sourceId}`)).status).toBe(404);
    expect((await as('D2')('POST', '/v4/caravan', { body: factory.buildAd('caravan', { body: text(8) }) })).status).toBe(201);
  });

  it('replacing an ad gives its old size back; a PATCH that grows an ad past the quota is refused', async () => {
    const { stored } = await fill('D1');
    const [first] = stored as [string];
    const replaced = await as('D1')('PUT', `/v4/caravan/${first}`, { body: factory.buildAd('caravan', { source_id: first, body: text(8) }) });
    expect(replaced.status).toBe(200);
    const grown = await as('D1')('PATCH', `/v4/caravan/${first}`, { body: { body: text(30) } });
    expect(grown.status).toBe(413);
    expect(((await as('D1')('GET', `/v4/caravan/${first}`)).body.body ?? '').length).toBe(8 * 1024);
  });

  it('a reset frees the quota, in code (fake.reset()) and through the admin API', async () => {
    await fill('D1');
    running.fake.reset();
    expect((await as('D1')('POST', '/v4/caravan', { body: factory.buildAd('caravan', { body: text(8) }) })).status).toBe(201);
    await fill('D1');
    const reset = await as('D1')('POST', '/__fake/reset', { body: {}, token: null });
    expect(reset.status).toBe(200);
    expect((await as('D1')('POST', '/v4/caravan', { body: factory.buildAd('caravan', { body: text(8) }) })).status).toBe(201);
  });

  it('a state loaded at start counts (the fake measures what it holds before its first write)', async () => {
    await fill('D1');
    const saved = running.fake.snapshot();
    const again = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0, snapshot: saved }, handler: { quotaBytes: 40 * 1024 } });
    try {
      const api = apiFor(again.baseUrl, () => again.fake.token({ scope: 'dealer_code', dealer_code: 'D1' }));
      expect((await api('POST', '/v4/caravan', { body: factory.buildAd('caravan', { body: text(8) }) })).status).toBe(413);
    } finally {
      await again.close();
    }
  });
});
