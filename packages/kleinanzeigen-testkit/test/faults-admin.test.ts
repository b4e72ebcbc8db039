import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKleinanzeigenFake, handleKleinanzeigenRequest } from '../src/index.js';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '../src/server.js';
import { apiFor, createImprint, createListing, LISTING, LOCALIZED, publish, TOKEN_URL, useMswFake } from './helpers.js';

describe('fault injection (msw)', () => {
  const { ctx, api } = useMswFake();

  it('a schedule on a goods path answers the status as a style-A problem, 503 with Retry-After, then normal service', async () => {
    ctx.fake.faults.schedule({ method: 'POST', path: '/v1/listings', status: 503, count: 2, retryAfter: 4 });
    const first = await api('POST', '/v1/listings', { body: LISTING });
    expect([first.status, first.headers.get('retry-after')]).toEqual([503, '4']);
    expect(first.body).toEqual({
      type: 'about:blank',
      status: 503,
      title: 'Service Unavailable',
      detail: 'Service unavailable, try again later (injected by the fake).',
      instance: '/api/v1/listings',
      ...LOCALIZED,
    });
    expect((await api('POST', '/v1/listings', { body: LISTING })).status).toBe(503);
    expect((await api('POST', '/v1/listings', { body: LISTING })).status).toBe(201);
    expect(ctx.fake.listListings()).toHaveLength(1);
  });

  it('fault paths are the canonical ones (aliases too), the token endpoint and the storage', async () => {
    ctx.fake.faults.schedule({ path: '/v1/listings/*', status: 500 });
    expect((await api('GET', '/listing/abc')).status).toBe(500);
    ctx.fake.faults.schedule({ path: '/v2/oidc/token', status: 429, retryAfter: 9 });
    const token = await fetch(TOKEN_URL, { method: 'POST' });
    expect([token.status, token.headers.get('retry-after')]).toEqual([429, '9']);
    ctx.fake.faults.schedule({ path: '/__storage/*', status: 503 });
    const storage = await fetch('https://developer.kleinanzeigen.de/__storage/uploads/x', { method: 'PUT', body: 'x' });
    expect([storage.status, (await storage.text()).includes('<Code>SlowDown</Code>')]).toEqual([503, true]);
  });

  it('a seeded rate fails the same requests on every run', async () => {
    const run = async () => {
      ctx.fake.faults.setRate({ rate: 0.3, seed: 3, statuses: [500, 502] });
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push((await api('POST', '/v1/imprints', { body: { content: 'x' } })).status);
      ctx.fake.faults.setRate(null);
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first.filter((s) => s !== 201))).toEqual(new Set([500, 502]));
  });

  it('a slow answer waits delayMs, then is handled', async () => {
    const fake = createKleinanzeigenFake();
    fake.faults.schedule({ path: '/v1/imprints', delayMs: 2_500 });
    const waited: number[] = [];
    const reply = await handleKleinanzeigenRequest(
      fake,
      {
        method: 'POST',
        url: 'https://developer.kleinanzeigen.de/api/goods/v1/imprints',
        header: (n) => ({ authorization: `Bearer ${fake.token()}`, 'content-type': 'application/json' })[n] ?? null,
        body: new TextEncoder().encode('{"content":"x"}'),
      },
      { sleep: async (ms) => void waited.push(ms) },
    );
    expect([reply.status, waited]).toEqual([201, [2_500]]);
  });

  it('the admin API is not served by msw unless asked', async () => {
    const fake = createKleinanzeigenFake();
    const reply = await handleKleinanzeigenRequest(fake, { method: 'GET', url: 'https://developer.kleinanzeigen.de/__fake/', header: () => null, body: null });
    expect(reply.status).toBe(404);
  });
});

describe('the HTTP face and its admin API', () => {
  let running: RunningKleinanzeigenServer;
  let token = '';
  const api = (...args: Parameters<ReturnType<typeof apiFor>>) => apiFor(running.baseUrl, () => token)(...args);
  // Admin writes send JSON, also without a body (the fake refuses anything else: a web page could send it cross-site).
  const admin = (method: string, path: string, body?: unknown) =>
    apiFor(running.origin, () => '')(method, `/__fake${path}`, {
      token: null,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });

  beforeAll(async () => {
    running = await startKleinanzeigenServer({ port: 0, fakeOptions: { latencyMs: 60_000 } });
    token = running.fake.token();
  });
  beforeEach(() => running.fake.reset());
  afterAll(() => running.close());

  it('serves the goods API, the token endpoint, the OpenAPI document (no token) and the storage on one port', async () => {
    expect(running.baseUrl).toBe(`http://127.0.0.1:${running.port}/api/goods`);
    expect(running.tokenUrl).toBe(`http://127.0.0.1:${running.port}/v2/oidc/token`);
    const doc = await fetch(running.openapiUrl);
    expect([doc.status, doc.headers.get('content-type'), ((await doc.json()) as { openapi: string }).openapi]).toEqual([200, 'application/json', '3.1.0']);
    const uuid = await createListing(api);
    expect((await api('GET', `/v1/listings/${uuid}`)).body.uuid).toBe(uuid);
    const outside = await fetch(`${running.origin}/elsewhere`);
    expect([outside.status, ((await outside.json()) as { detail: string }).detail]).toEqual([
      404,
      'Not found. The goods API is under /api/goods/v1/..., the token endpoint at /v2/oidc/token.',
    ]);
  });

  it('answers a path that cannot be percent-decoded with a 404, never a 500', async () => {
    expect((await fetch(`${running.origin}/__storage/images/%E0%A4%A`)).status).toBe(404);
    expect((await fetch(`${running.origin}/__storage/uploads/%E0%A4%A?expires=1&signature=x`, { method: 'PUT', body: 'x' })).status).toBe(404);
    expect((await api('GET', '/v1/listings/%E0%A4%A')).status).toBe(404);
  });

  it('refuses a body over 1 MiB with a 413 problem', async () => {
    const reply = await api('POST', '/v1/imprints', { body: { content: 'x'.repeat(1024 * 1024) } });
    expect([reply.status, reply.body.title, reply.body.instance]).toEqual([413, 'Payload Too Large', '/api/v1/imprints']);
  });

  it('GET /__fake/ describes the endpoints and the clients, never a secret', async () => {
    const reply = await admin('GET', '/');
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body.endpoints)).toContain('POST /__fake/faults/rejections');
    expect(reply.body).toMatchObject({ clients: [{ clientId: 'kleinanzeigen-fake-client' }], clock: 'real', latencyMs: 60_000, pendingValidations: 0 });
    expect(reply.text).not.toContain('kleinanzeigen-fake-secret');
  });

  it('faults: schedule, rate, rejections, list and clear', async () => {
    expect((await admin('POST', '/faults/schedule', { method: 'POST', path: '/v1/listings', status: 502 })).status).toBe(201);
    expect((await api('POST', '/v1/listings', { body: LISTING })).status).toBe(502);
    expect((await admin('PUT', '/faults/rate', { rate: 1, statuses: [500] })).status).toBe(200);
    expect((await api('GET', '/v1/listings/x')).status).toBe(500);
    expect((await admin('DELETE', '/faults/rate')).body.rate).toBeNull();
    expect((await admin('POST', '/faults/rejections', { reason: 'No.', times: 2 })).body.rejections).toEqual([{ reason: 'No.', times: 2 }]);
    expect((await admin('POST', '/faults/schedule', { status: 418 })).body.detail).toContain('cannot be injected');
    expect((await admin('DELETE', '/faults')).body).toEqual({ scheduled: [], rate: null, rejections: [] });
  });

  it('validations/run ends pending validations now; latency is adjustable; the clock cannot be advanced', async () => {
    const listing = await createListing(api);
    const pub = await publish(api, listing, await createImprint(api));
    expect((await admin('GET', '/')).body.pendingValidations).toBe(1);
    expect((await admin('POST', '/validations/run')).body).toEqual({ completed: 1, pendingValidations: 0 });
    expect((await api('GET', `/v1/listings/${listing}/publications/${pub}`)).body.status).toBe('PUBLISHED');
    expect((await admin('PUT', '/latency', { latencyMs: 5 })).body).toEqual({ latencyMs: 5 });
    running.fake.latencyMs = 60_000;
    expect((await admin('POST', '/clock/advance', { ms: 1 })).status).toBe(400);
    expect((await admin('POST', '/nothing', {})).status).toBe(404);
  });

  it('state: GET, reset, PUT back', async () => {
    const uuid = await createListing(api);
    const state = await admin('GET', '/state');
    expect(state.text).not.toContain('kleinanzeigen-fake-secret');
    expect((await admin('POST', '/reset')).status).toBe(200);
    expect((await api('GET', `/v1/listings/${uuid}`)).status).toBe(404);
    expect((await admin('PUT', '/state', state.body)).body).toEqual({ listings: 1 });
    expect((await api('GET', `/v1/listings/${uuid}`)).status).toBe(200);
    expect((await admin('PUT', '/state', { version: 2 })).body.detail).toBe('PUT /__fake/state: fake.load(snapshot): version must be 1, got 2');
  });
});

describe('the admin API on a manual clock (msw with admin: true)', () => {
  const { ctx, api } = useMswFake();

  it('clock/advance moves time and runs due validations', async () => {
    const listing = await createListing(api);
    const pub = await publish(api, listing, await createImprint(api));
    const reply = await api('POST', 'https://developer.kleinanzeigen.de/__fake/clock/advance', { body: { ms: 1_000 }, token: null });
    expect(reply.body).toMatchObject({ pendingValidations: 0 });
    expect(ctx.fake.getPublication(pub)?.status).toBe('PUBLISHED');
  });
});
