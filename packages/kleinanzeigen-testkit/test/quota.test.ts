import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '../src/server.js';
import { apiFor, LISTING, OTHER, SHOP, TEST_PNG } from './helpers.js';

let running: RunningKleinanzeigenServer;
const tokens = { shop: '', other: '' };
const as = (who: keyof typeof tokens) => apiFor(running.baseUrl, () => tokens[who]);
/** A PNG of about `kib` KiB (the storage checks the signature, not the rest). */
const png = (kib: number) => Buffer.concat([Buffer.from(TEST_PNG), Buffer.alloc(kib * 1024 - TEST_PNG.length)]);

async function upload(who: keyof typeof tokens, bytes: Buffer, again?: string): Promise<{ status: number; text: string; url: string }> {
  const url = again ?? (await as(who)('POST', '/v1/media', { body: { mediaType: 'image/png' } })).body.signedPutUrl;
  const reply = await fetch(url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(bytes) });
  return { status: reply.status, text: await reply.text(), url };
}

beforeAll(async () => {
  // 100 KiB per account. Images are stored as base64: 30 KiB of bytes take 40 KiB.
  running = await startKleinanzeigenServer({ port: 0, fakeOptions: { latencyMs: 0, clients: [SHOP, OTHER] }, handler: { quotaBytes: 100 * 1024 } });
  tokens.shop = running.fake.token({ clientId: SHOP.clientId });
  tokens.other = running.fake.token({ clientId: OTHER.clientId });
});
beforeEach(() => running.fake.reset());
afterAll(() => running.close());

describe('what one account can store is capped (the fake\'s own limit, issue 19.6)', () => {
  it('an upload or a write past the quota is 413 (XML on the storage, a problem on the API), nothing stored; other accounts go on', async () => {
    expect((await upload('shop', png(30))).status).toBe(200);
    const second = await upload('shop', png(30));
    expect(second.status).toBe(200);
    expect((await upload('shop', png(30), second.url)).status).toBe(200); // a retried PUT replaces: not counted twice
    const third = await upload('shop', png(30));
    expect(third.status).toBe(413);
    expect(third.text).toMatch(
      /<Code>EntityTooLarge<\/Code><Message>The fake's own storage limit, not the API's: account user-shop stores 80\.\d KiB of the 100\.0 KiB one account may store in this fake, and this request adds 40\.0 KiB\. Nothing was stored\./,
    );
    expect(running.fake.snapshot().images).toHaveLength(2);
    expect((await upload('shop', png(14))).status).toBe(200);
    expect((await as('shop')('POST', '/v1/listings', { body: LISTING })).status).toBe(201);
    const refused = await as('shop')('POST', '/v1/listings', { body: { ...LISTING, description: 'd'.repeat(2000) } });
    expect(refused.status).toBe(413);
    expect(refused.body).toMatchObject({ status: 413, instance: '/api/v1/listings', detail: expect.stringMatching(/^The fake's own storage limit, not the API's: account user-shop/) });
    expect(running.fake.listListings()).toHaveLength(1);
    expect((await upload('other', png(30))).status).toBe(200);
  });

  it('a reset frees the quota, in code and through the admin API', async () => {
    await upload('shop', png(30));
    await upload('shop', png(30));
    expect((await upload('shop', png(30))).status).toBe(413);
    running.fake.reset();
    expect((await upload('shop', png(30))).status).toBe(200);
    await upload('shop', png(30));
    expect((await upload('shop', png(30))).status).toBe(413);
    const reset = await fetch(`${running.origin}/__fake/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(reset.status).toBe(200);
    expect((await upload('shop', png(30))).status).toBe(200);
  });
});
