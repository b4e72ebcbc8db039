import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
import { createTestToken } from '@x/fake-runtime';
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createKleinanzeigenFake, TEST_PNG, type KleinanzeigenFake } from '../src/index.js';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '../src/server.js';
import { apiFor, LISTING, put, SHOP } from './helpers.js';

// Issue 19 item 3: the fake signed its tokens and upload URLs with a constant in its source, so anyone who knew a
// client id could mint a token, and anyone could re-sign an upload URL with a later expiry.
const OLD_CONSTANT = 'kleinanzeigen-fake-signing-secret';
const claims = { iss: 'kleinanzeigen-fake', sub: SHOP.userId, client_id: SHOP.clientId, aud: 'consumer-goods-api' };

const running: RunningKleinanzeigenServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

async function serve(fake: KleinanzeigenFake): Promise<{ server: RunningKleinanzeigenServer; api: ReturnType<typeof apiFor> }> {
  const server = await startKleinanzeigenServer({ port: 0, fake });
  running.push(server);
  return { server, api: apiFor(server.baseUrl, () => fake.token()) };
}

/** The presigned URL of `url` re-signed with `key` for `expires` (the fake's scheme: HMAC of method, path, expiry). */
function resign(url: string, key: string, expires: number): string {
  const parsed = new URL(url);
  const signature = createHmac('sha256', key).update(`PUT\n${parsed.pathname}\n${expires}`).digest('hex');
  return `${parsed.origin}${parsed.pathname}?expires=${expires}&signature=${signature}`;
}

describe('the signing key of tokens and presigned URLs (random per fake)', () => {
  it('a token signed with the old constant, a guessed key or another fake\'s key is 401; the fake\'s own works', async () => {
    const fake = createKleinanzeigenFake({ clock: 'real', clients: [SHOP] });
    const { api } = await serve(fake);
    const now = Math.floor(Date.now() / 1000);
    const timed = { ...claims, iat: now, nbf: now, exp: now + 600 };
    const other = createKleinanzeigenFake({ clock: 'real', clients: [SHOP] });
    for (const token of [createTestToken(timed, { secret: OLD_CONSTANT }), createTestToken(timed, { secret: 'guess' }), other.token()]) {
      const reply = await api('GET', '/v1/listings/123e4567-e89b-12d3-a456-426614174000', { token });
      expect([reply.status, reply.headers.get('www-authenticate')]).toEqual([401, 'Bearer error="invalid_token", error_description="The access token is invalid"']);
    }
    expect((await api('GET', '/v1/listings/123e4567-e89b-12d3-a456-426614174000')).status).toBe(404);
  });

  it('an upload URL re-signed with the old constant or another key (a later expiry) is 403; the issued one works', async () => {
    const fake = createKleinanzeigenFake({ clock: 'real', clients: [SHOP] });
    const { api } = await serve(fake);
    const ticket = (await api('POST', '/v1/media', { body: { mediaType: 'image/png' } })).body;
    const later = Number(new URL(ticket.signedPutUrl).searchParams.get('expires')) + 86_400;
    for (const key of [OLD_CONSTANT, 'guess']) {
      const forged = await put(resign(ticket.signedPutUrl, key, later));
      expect([forged.status, forged.text.includes('<Code>SignatureDoesNotMatch</Code>')]).toEqual([403, true]);
    }
    expect((await put(ticket.signedPutUrl, TEST_PNG)).status).toBe(200);
  });

  it('a given signingSecret signs as before (tokens survive a restart then); a short one is refused', () => {
    const signingSecret = 'kept-in-a-secret-store-0123456789';
    const first = createKleinanzeigenFake({ clients: [SHOP], signingSecret });
    const second = createKleinanzeigenFake({ clients: [SHOP], signingSecret });
    expect(second.authenticate((name) => (name === 'authorization' ? `Bearer ${first.token()}` : null))).toEqual({ clientId: SHOP.clientId, userId: SHOP.userId });
    expect(() => createKleinanzeigenFake({ signingSecret: 'short' })).toThrow('signingSecret must be a string of at least 16 characters');
  });

  it('a restart with the saved state keeps the data, not the tokens or upload URLs; a client with credentials renews its token by itself', async () => {
    const first = createKleinanzeigenFake({ clock: 'real', latencyMs: 0, clients: [SHOP] });
    const one = await serve(first);
    let tokenRequests = 0;
    // The client keeps its base URL; its fetch sends each request to wherever the fake runs now (the restarted fake
    // listens on another port, so no connection of the stopped one is reused).
    let origin = one.server.origin;
    const client = createKleinanzeigenClient({
      clientId: SHOP.clientId,
      clientSecret: SHOP.clientSecret,
      baseUrl: one.server.baseUrl,
      tokenUrl: one.server.tokenUrl,
      fetch: async (request) => {
        if (request.url.endsWith('/v2/oidc/token')) tokenRequests += 1;
        const url = new URL(request.url);
        const to = new URL(`${url.pathname}${url.search}`, origin);
        return fetch(new Request(to, { method: request.method, headers: request.headers, body: request.body === null ? null : await request.arrayBuffer() }));
      },
    });
    const { uuid } = await client.listings.create(LISTING);
    const oldToken = first.token();
    const pending = (await one.api('POST', '/v1/media', { body: { mediaType: 'image/png' } })).body;
    const saved = first.snapshot();
    await one.server.close();

    const second = createKleinanzeigenFake({ clock: 'real', latencyMs: 0, clients: [SHOP], snapshot: saved });
    const { server, api } = await serve(second);
    origin = server.origin;
    expect((await api('GET', `/v1/listings/${uuid}`, { token: oldToken })).status).toBe(401);
    const stale = new URL(pending.signedPutUrl);
    expect((await put(`${server.origin}${stale.pathname}${stale.search}`)).status).toBe(403);
    expect((await api('GET', `/v1/listings/${uuid}`)).body.title).toBe(LISTING.title);

    // The client still holds the first fake's token: one 401, a new token, and on.
    expect((await client.listings.get(uuid)).title).toBe(LISTING.title);
    expect(tokenRequests).toBe(2);
    expect(await client.media.upload(uuid, TEST_PNG, 'image/png')).toHaveLength(1);
  });
});
