import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API, createKleinanzeigenClient, KleinanzeigenAuthError, TokenError } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET } from './fake-api.js';
import { clientFor, fakeApi, FAST_RETRY } from './support.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('client credentials', () => {
  it('fetches one token for many calls, with the documented form, and sends it as a Bearer token', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    const client = clientFor(api);
    await Promise.all([client.listings.get(listing.uuid), client.listings.get(listing.uuid), client.listings.get(listing.uuid)]);
    await client.listings.get(listing.uuid);
    await client.imprints.create({ content: 'Muster GmbH, Berlin' });

    expect(api.counts.tokens).toBe(1);
    const tokenCalls = api.requests.filter((r) => r.path === '/v2/oidc/token');
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenCalls[0]?.body).toEqual({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, audience: 'consumer-goods-api' });
    const goods = api.goodsRequests();
    expect(goods).toHaveLength(5);
    expect(new Set(goods.map((r) => r.headers.authorization))).toEqual(new Set([expect.stringMatching(/^Bearer eyJ\.token-1\./)]));
  });

  it('renews the token before it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const api = await fakeApi({ expiresIn: 3600 });
    const listing = api.addListing();
    const client = clientFor(api);
    await client.listings.get(listing.uuid);
    vi.setSystemTime(Date.now() + 3000 * 1000);
    await client.listings.get(listing.uuid);
    expect(api.counts.tokens).toBe(1);
    // Within the last minute of its life the token is replaced, before the server could refuse it.
    vi.setSystemTime(Date.now() + 560 * 1000);
    await client.listings.get(listing.uuid);
    expect(api.counts.tokens).toBe(2);
    expect(api.goodsRequests().map((r) => r.headers.authorization?.split('.')[1])).toEqual(['token-1', 'token-1', 'token-2']);
    expect(api.goodsRequests().every((r) => r.method === 'GET')).toBe(true);
  });

  it('gets a new token once after a 401 and sends the request again', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    const client = clientFor(api);
    await client.listings.get(listing.uuid);
    api.revokeTokens();
    await expect(client.listings.get(listing.uuid)).resolves.toMatchObject({ uuid: listing.uuid });
    expect(api.counts.tokens).toBe(2);
    expect(api.goodsRequests().map((r) => r.headers.authorization?.split('.')[1])).toEqual(['token-1', 'token-1', 'token-2']);
  });

  it('renews only once: a second 401 is a KleinanzeigenAuthError with the problem fields', async () => {
    const api = await fakeApi();
    api.intercept((request) => (request.path.startsWith('/api/goods') ? { status: 401, body: { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Invalid or expired token', instance: '/api/v1/listings/x' } } : undefined));
    const client = clientFor(api);
    const error = await client.listings.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenAuthError);
    expect(error).toMatchObject({ status: 401, title: 'Unauthorized', detail: 'Invalid or expired token', instance: '/api/v1/listings/x', method: 'GET', path: '/v1/listings/x' });
    expect((error as Error).message).toContain('GET /v1/listings/x was refused (401)');
    expect(api.counts.tokens).toBe(2);
    expect(api.goodsRequests()).toHaveLength(2);
  });

  it('an invalid client is a TokenError that says what to check and never shows the secret', async () => {
    const api = await fakeApi();
    const wrongSecret = 'wrong-secret-93b1c7d2e8';
    const client = createKleinanzeigenClient({ clientId: CLIENT_ID, clientSecret: wrongSecret, baseUrl: api.baseUrl, tokenUrl: api.tokenUrl, retry: FAST_RETRY });
    const error = await client.listings.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_client' });
    const message = (error as Error).message;
    expect(message).toBe(
      'createKleinanzeigenClient: the token endpoint answered HTTP 401 invalid_client (Client authentication failed for secret [redacted]): check the client id and secret',
    );
    expect(inspect(error)).not.toContain(wrongSecret);
    expect(JSON.stringify(error)).not.toContain(wrongSecret);
    // Refused credentials are not retried, and nothing was sent to the goods API.
    expect(api.requests.filter((r) => r.path === '/v2/oidc/token')).toHaveLength(1);
    expect(api.goodsRequests()).toHaveLength(0);
  });

  it('the client object never shows the secret or the token', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    const client = clientFor(api);
    await client.listings.get(listing.uuid);
    const token = api.goodsRequests()[0]?.headers.authorization?.slice('Bearer '.length) ?? 'missing';
    for (const shown of [inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client), String(client)]) {
      expect(shown).not.toContain(CLIENT_SECRET);
      expect(shown).not.toContain(token);
    }
  });

  it('uses the documented token URL and audience by default', async () => {
    const seen: Request[] = [];
    const client = createKleinanzeigenClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      retry: false,
      fetch: async (request) => {
        seen.push(request);
        if (request.url === API.auth.tokenUrl) return Response.json({ access_token: 'eyJ.default', token_type: 'bearer', expires_in: 3600 });
        return Response.json({ uuid: 'u' });
      },
    });
    await client.imprints.create({ content: 'x' });
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['POST https://developer.kleinanzeigen.de/v2/oidc/token', 'POST https://developer.kleinanzeigen.de/api/goods/v1/imprints']);
    expect(new URLSearchParams(await seen[0]!.text()).get('audience')).toBe('consumer-goods-api');
    expect(seen[1]?.headers.get('authorization')).toBe('Bearer eyJ.default');
  });
});

describe('a token of your own', () => {
  it('sends a fixed token as a Bearer token', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    const seed = clientFor(api);
    await seed.listings.get(listing.uuid);
    const token = api.goodsRequests()[0]?.headers.authorization?.slice('Bearer '.length) ?? '';
    const client = createKleinanzeigenClient({ token, baseUrl: api.baseUrl, retry: false });
    await expect(client.listings.get(listing.uuid)).resolves.toMatchObject({ uuid: listing.uuid });
    expect(api.goodsRequests()[1]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(api.counts.tokens).toBe(1);
  });

  it('asks getToken before each request and again after a 401', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    const seed = clientFor(api);
    await seed.listings.get(listing.uuid);
    const good = api.goodsRequests()[0]?.headers.authorization?.slice('Bearer '.length) ?? '';
    const getToken = vi.fn().mockResolvedValueOnce('eyJ.stale-token-0001').mockResolvedValue(good);
    const client = createKleinanzeigenClient({ getToken, baseUrl: api.baseUrl, retry: false });
    await expect(client.listings.get(listing.uuid)).resolves.toMatchObject({ uuid: listing.uuid });
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(api.goodsRequests().slice(1).map((r) => r.headers.authorization)).toEqual(['Bearer eyJ.stale-token-0001', `Bearer ${good}`]);
  });
});

describe('client credentials from the environment', () => {
  afterEach(() => void vi.unstubAllEnvs());

  it('createKleinanzeigenClient() reads KLEINANZEIGEN_CLIENT_ID and KLEINANZEIGEN_CLIENT_SECRET', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    vi.stubEnv('KLEINANZEIGEN_CLIENT_ID', CLIENT_ID);
    vi.stubEnv('KLEINANZEIGEN_CLIENT_SECRET', CLIENT_SECRET);
    await createKleinanzeigenClient({ baseUrl: api.baseUrl, tokenUrl: api.tokenUrl, retry: FAST_RETRY }).listings.get(listing.uuid);
    const tokenCalls = api.requests.filter((r) => r.path === '/v2/oidc/token');
    expect(tokenCalls.map((r) => r.body)).toEqual([{ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, audience: 'consumer-goods-api' }]);
  });

  it('a clientId given in code takes the secret from the environment', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    vi.stubEnv('KLEINANZEIGEN_CLIENT_ID', 'not-this-one');
    vi.stubEnv('KLEINANZEIGEN_CLIENT_SECRET', CLIENT_SECRET);
    await createKleinanzeigenClient({ clientId: CLIENT_ID, baseUrl: api.baseUrl, tokenUrl: api.tokenUrl, retry: FAST_RETRY }).listings.get(listing.uuid);
    expect(api.requests.find((r) => r.path === '/v2/oidc/token')?.body).toMatchObject({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  });

  it('a missing variable is one line naming it, without the other one’s value', () => {
    vi.stubEnv('KLEINANZEIGEN_CLIENT_ID', CLIENT_ID);
    vi.stubEnv('KLEINANZEIGEN_CLIENT_SECRET', '');
    expect(() => createKleinanzeigenClient()).toThrow(new TypeError('createKleinanzeigenClient: no clientSecret: pass { clientSecret } or set the environment variable KLEINANZEIGEN_CLIENT_SECRET'));
  });
});
