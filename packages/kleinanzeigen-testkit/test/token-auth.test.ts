import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
import { createTestToken } from '@x/fake-runtime';
import { describe, expect, it } from 'vitest';
import { createKleinanzeigenFake } from '../src/index.js';
import { BASE, createListing, LOCALIZED, OTHER, SHOP, TOKEN_URL, useMswFake } from './helpers.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const good = { grant_type: 'client_credentials', client_id: SHOP.clientId, client_secret: SHOP.clientSecret, audience: 'consumer-goods-api' };

async function tokenCall(body: string, headers: Record<string, string> = FORM, method = 'POST') {
  const response = await fetch(TOKEN_URL, { method, headers, ...(method === 'GET' ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text, headers: response.headers };
}

describe('token endpoint POST /v2/oidc/token', () => {
  const { ctx, api } = useMswFake({ tokenTtlSeconds: 1800 });

  it('issues a bearer token for configured credentials in the form; the token works on the goods API', async () => {
    const reply = await tokenCall(form(good));
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 1800 });
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect((await api('POST', '/v1/imprints', { body: { content: 'x' }, token: String(reply.body.access_token) })).status).toBe(201);
  });

  it('takes the credentials with HTTP Basic too (form-encoded, then base64)', async () => {
    const basic = Buffer.from(`${encodeURIComponent(SHOP.clientId)}:${encodeURIComponent(SHOP.clientSecret)}`).toString('base64');
    const reply = await tokenCall(form({ grant_type: 'client_credentials', audience: 'consumer-goods-api' }), { ...FORM, authorization: `Basic ${basic}` });
    expect([reply.status, reply.body.token_type]).toEqual([200, 'bearer']);
  });

  it.each([
    ['a wrong secret', { ...good, client_secret: 'nope' }, 401, 'invalid_client'],
    ['an unknown client', { ...good, client_id: 'stranger' }, 401, 'invalid_client'],
    ['no secret', { grant_type: 'client_credentials', client_id: SHOP.clientId, audience: 'consumer-goods-api' }, 401, 'invalid_client'],
    ['no grant_type', { client_id: SHOP.clientId, client_secret: SHOP.clientSecret, audience: 'consumer-goods-api' }, 400, 'invalid_request'],
    ['another grant type', { ...good, grant_type: 'password' }, 400, 'unsupported_grant_type'],
    ['no audience', { grant_type: 'client_credentials', client_id: SHOP.clientId, client_secret: SHOP.clientSecret }, 400, 'invalid_request'],
    ['another audience', { ...good, audience: 'other-api' }, 400, 'invalid_request'],
  ])('refuses %s with its RFC 6749 error, never echoing the secret', async (_name, fields, status, error) => {
    const reply = await tokenCall(form(fields));
    expect([reply.status, reply.body.error]).toEqual([status, error]);
    expect(typeof reply.body.error_description).toBe('string');
    expect(reply.text).not.toContain(SHOP.clientSecret);
  });

  it('refuses a body that is not form-encoded, both authentication methods at once, a repeated parameter, and GET', async () => {
    expect((await tokenCall(JSON.stringify(good), { 'content-type': 'application/json' })).body.error).toBe('invalid_request');
    const basic = Buffer.from(`${SHOP.clientId}:${SHOP.clientSecret}`).toString('base64');
    const both = await tokenCall(form(good), { ...FORM, authorization: `Basic ${basic}` });
    expect([both.status, both.body.error]).toEqual([400, 'invalid_request']);
    expect((await tokenCall(`${form(good)}&audience=consumer-goods-api`)).body.error_description).toBe('The parameter audience is given more than once.');
    const get = await tokenCall('', {}, 'GET');
    expect([get.status, get.headers.get('allow')]).toEqual([400, 'POST']);
  });

  it('a wrong secret with HTTP Basic answers the Basic challenge', async () => {
    const basic = Buffer.from(`${SHOP.clientId}:wrong`).toString('base64');
    const reply = await tokenCall(form({ grant_type: 'client_credentials', audience: 'consumer-goods-api' }), { ...FORM, authorization: `Basic ${basic}` });
    expect([reply.status, reply.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="kleinanzeigen-fake"']);
  });

  it('binds each client to its account: userId is the configured one (G-26)', async () => {
    const token = String((await tokenCall(form(good))).body.access_token);
    const uuid = await createListing(api, undefined, token);
    expect((await api('GET', `/v1/listings/${uuid}`)).body.userId).toBe(SHOP.userId);
    expect(ctx.fake.clients()).toEqual([
      { clientId: SHOP.clientId, userId: SHOP.userId },
      { clientId: OTHER.clientId, userId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) },
    ]);
  });
});

describe('goods API authentication (G-1, G-2)', () => {
  const { ctx, api } = useMswFake();

  it('accepts Authorization: Bearer, the documents\' literal HttpHeaders.AUTHORIZATION header and a bare token', async () => {
    expect((await api('POST', '/v1/imprints', { body: { content: 'a' } })).status).toBe(201);
    expect((await api('POST', '/v1/imprints', { body: { content: 'b' }, headers: { authorization: ctx.token } })).status).toBe(201);
    expect((await api('POST', '/v1/imprints', { body: { content: 'c' }, headers: { 'HttpHeaders.AUTHORIZATION': ctx.token } })).status).toBe(201);
    expect((await api('POST', '/v1/imprints', { body: { content: 'd' }, headers: { authorization: `bearer ${ctx.token}` } })).status).toBe(201);
  });

  it('a missing token is 401 with the style-A body and a Bearer challenge, for every path', async () => {
    const reply = await api('GET', '/v1/listings/123e4567-e89b-12d3-a456-426614174000', { token: null });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    expect(reply.body).toEqual({
      type: 'about:blank',
      status: 401,
      title: 'Unauthorized',
      detail: 'Missing, invalid or expired access token',
      instance: '/api/v1/listings/123e4567-e89b-12d3-a456-426614174000',
      ...LOCALIZED,
    });
    expect((await api('GET', '/v1/nothing-here', { token: null })).status).toBe(401);
  });

  it('refuses a token signed with another secret, another scheme, and a token for another audience (403)', async () => {
    const forged = createTestToken({ sub: SHOP.userId, client_id: SHOP.clientId, aud: 'consumer-goods-api' }, { secret: 'guess' });
    const bad = await api('POST', '/v1/imprints', { body: { content: 'x' }, token: forged });
    expect([bad.status, bad.headers.get('www-authenticate')]).toEqual([401, 'Bearer error="invalid_token", error_description="The access token is invalid"']);
    expect((await api('POST', '/v1/imprints', { body: { content: 'x' }, headers: { authorization: `Basic ${ctx.token}` } })).status).toBe(401);
    const foreign = await api('POST', '/v1/imprints', { body: { content: 'x' }, token: ctx.fake.token({ audience: 'other-api' }) });
    expect([foreign.status, foreign.body.title, foreign.body.detail]).toEqual([403, 'Forbidden', 'The access token is not valid for the audience consumer-goods-api']);
    expect(JSON.stringify(foreign.body)).not.toContain(ctx.token);
  });

  it('refuses a well-signed token that names no configured client', () => {
    const signingSecret = 'a-key-this-test-knows-0123456789';
    const fake = createKleinanzeigenFake({ clients: [SHOP], signingSecret });
    const stranger = createTestToken({ sub: 'u', client_id: 'stranger', aud: 'consumer-goods-api' }, { secret: signingSecret });
    const shop = createTestToken({ sub: SHOP.userId, client_id: SHOP.clientId, aud: 'consumer-goods-api' }, { secret: signingSecret });
    const bearer = (token: string) => (name: string) => (name === 'authorization' ? `Bearer ${token}` : null);
    expect(fake.authenticate(bearer(stranger))).toMatchObject({ status: 401 });
    expect(fake.authenticate(bearer(shop))).toEqual({ clientId: SHOP.clientId, userId: SHOP.userId });
  });

  it('a token expires mid-run on the manual clock: 401 saying so, then a new token works', async () => {
    const uuid = await createListing(api);
    ctx.fake.clock.advance(3_599_000);
    expect((await api('GET', `/v1/listings/${uuid}`)).status).toBe(200);
    ctx.fake.clock.advance(1_000);
    const expired = await api('GET', `/v1/listings/${uuid}`);
    expect([expired.status, expired.headers.get('www-authenticate')]).toEqual([
      401,
      'Bearer error="invalid_token", error_description="The access token has expired"',
    ]);
    expect((await api('GET', `/v1/listings/${uuid}`, { token: ctx.fake.token() })).status).toBe(200);
  });

  it('the client with client credentials renews a token that expired mid-run and carries on', async () => {
    const client = createKleinanzeigenClient({ clientId: SHOP.clientId, clientSecret: SHOP.clientSecret, retry: false });
    const { uuid } = await client.listings.create({ title: 'T', category: 'C', description: 'D' });
    ctx.fake.clock.advance(3_600_000); // the fake's token expired; the client's cache (real clock) does not know
    expect((await client.listings.get(uuid)).title).toBe('T');
    const wrong = createKleinanzeigenClient({ clientId: SHOP.clientId, clientSecret: 'not-it', retry: false });
    const error = await wrong.listings.get(uuid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('invalid_client');
    expect((error as Error).message).not.toContain('not-it');
  });

  it("another client's listing is 404 everywhere, never 403 (G-26)", async () => {
    const uuid = await createListing(api);
    const theirs = { token: ctx.other };
    const notFound = await api('GET', `/v1/listings/${uuid}`, theirs);
    expect([notFound.status, notFound.body.detail]).toEqual([404, 'Listing not found']);
    expect((await api('PUT', `/v1/listings/${uuid}`, { ...theirs, body: { title: 'mine now' } })).status).toBe(404);
    expect((await api('DELETE', `/v1/listings/${uuid}`, theirs)).status).toBe(404);
    expect((await api('GET', `/v1/listings/${uuid}/publications`, theirs)).status).toBe(404);
    expect((await api('GET', `/v1/listings/${uuid}`)).body.title).toBe('My Listing');
    expect(BASE).toContain('/api/goods');
  });
});
