import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdFactory, createFake } from '../src/index.js';
import { handleRequest } from '../src/http/handle.js';
import { startFakeServer, type RunningFakeServer } from '../src/server.js';
import { apiFor, useMswFake } from './helpers.js';

const factory = createAdFactory({ seed: 71 });

describe('fault injection through the fake object (msw)', () => {
  const { ctx, api } = useMswFake();

  it('an exact schedule: the next 2 POST /v4/car answer 503, then normal service', async () => {
    ctx.fake.faults.schedule({ method: 'POST', path: '/v4/car', status: 503, count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await api('POST', '/v4/car', { body: factory.buildAd('car') })).status);
    expect(statuses).toEqual([503, 503, 201]);
    expect((await api('GET', '/v4/ad')).body.count).toBe(1);
  });

  it('only matching requests consume the schedule; 429 carries Retry-After', async () => {
    ctx.fake.faults.schedule({ method: 'GET', path: '/v4/ad/*', status: 429, retryAfter: 7 });
    expect((await api('GET', '/v4/ad')).status).toBe(200);
    const throttled = await api('GET', '/v4/ad/some-id');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(throttled.body).toEqual({ detail: 'Request was throttled. Expected available in 7 seconds.' });
    expect((await api('GET', '/v4/ad/some-id')).status).toBe(404);
  });

  it('a seeded rate fails the same requests on every run', async () => {
    const run = async () => {
      ctx.fake.faults.setRate({ rate: 0.3, seed: 5, statuses: [500, 503] });
      const out: number[] = [];
      for (let i = 0; i < 40; i++) out.push((await api('GET', '/v4/ad')).status);
      ctx.fake.faults.setRate(null);
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const failures = first.filter((s) => s !== 200);
    expect(failures.length).toBeGreaterThan(4);
    expect(failures.length).toBeLessThan(24);
    expect(new Set(failures)).toEqual(new Set([500, 503]));
  });

  it('a slow response waits delayMs before answering', async () => {
    const fake = createFake();
    const waited: number[] = [];
    fake.faults.schedule({ path: '/v4/ad', delayMs: 1500 });
    const reply = await handleRequest(
      fake,
      {
        method: 'GET',
        url: 'https://api.blocket.se/pro-import-api/v4/ad',
        header: (n) =>
          n === 'x-auth-token' ? fake.token({ scope: 'dealer_code', dealer_code: 'D1' }) : null,
        body: null,
      },
      { sleep: async (ms) => void waited.push(ms) },
    );
    expect([reply.status, waited]).toEqual([200, [1500]]);
  });

  it('rejects statuses it cannot inject, with a message saying which it can', () => {
    expect(() => ctx.fake.faults.schedule({ status: 418 as never })).toThrow(
      'status 418 cannot be injected; use one of 429, 500, 502, 503, 504',
    );
    expect(() => ctx.fake.faults.schedule({})).toThrow('give a status');
  });

  it('forced action errors only hit the chosen source_ids, as many times as asked', async () => {
    const a = factory.buildAd('car');
    const b = factory.buildAd('car');
    ctx.fake.faults.failAction({ action: 'create', sourceIds: [String(a.source_id)], message: 'Boom' });
    await api('POST', '/v4/car', { body: a });
    await api('POST', '/v4/car', { body: b });
    ctx.fake.clock.runAll();
    const adA = (await api('GET', `/v4/car/${a.source_id}`)).body;
    expect(adA.log.map((e: { action: string; state: string }) => `${e.action}:${e.state}`)).toEqual([
      'create:processing',
      'create:error',
    ]);
    expect(adA.log[1]?.external_message).toBe('Boom');
    expect((await api('GET', `/v4/car/${b.source_id}`)).body.blocket_ad_id).not.toBeNull();
  });
});

describe('fault injection through the admin API (HTTP face)', () => {
  let running: RunningFakeServer;
  let token = '';
  const api = (...args: Parameters<ReturnType<typeof apiFor>>) =>
    apiFor(running.baseUrl, () => token)(...args);

  beforeAll(async () => {
    running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 60_000 } });
    token = running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
  });
  beforeEach(() => running.fake.reset());
  afterAll(() => running.close());

  it('GET /__fake/ describes the admin endpoints', async () => {
    const reply = await api('GET', '/__fake/', { token: null });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body.endpoints)).toContain('POST /__fake/faults/schedule');
  });

  it('schedule, rate, action faults, list and clear', async () => {
    expect(
      (
        await api('POST', '/__fake/faults/schedule', {
          body: { method: 'POST', path: '/v4/car', status: 503, count: 1 },
          token: null,
        })
      ).status,
    ).toBe(201);
    expect((await api('POST', '/v4/car', { body: factory.buildAd('car') })).status).toBe(503);
    expect(
      (await api('PUT', '/__fake/faults/rate', { body: { rate: 1, statuses: [500] }, token: null })).status,
    ).toBe(200);
    expect((await api('GET', '/v4/ad')).status).toBe(500);
    expect((await api('DELETE', '/__fake/faults/rate', { token: null })).body.rate).toBeNull();
    expect(
      (await api('POST', '/__fake/faults/actions', { body: { action: 'publish', times: 2 }, token: null }))
        .body.actions,
    ).toEqual([{ action: 'publish', times: 2 }]);
    expect(
      (await api('POST', '/__fake/faults/schedule', { body: { status: 418 }, token: null })).body.detail,
    ).toContain('cannot be injected');
    expect((await api('DELETE', '/__fake/faults', { token: null })).body).toEqual({
      scheduled: [],
      rate: null,
      actions: [],
    });
  });

  it('flush runs queued work now; latency is adjustable; tokens and V3 seeds can be made', async () => {
    const body = factory.buildAd('car');
    await api('POST', '/v4/car', { body });
    expect((await api('GET', `/v4/car/${body.source_id}`)).body.log).toEqual([]);
    expect((await api('POST', '/__fake/flush', { body: {}, token: null })).body).toEqual({ pendingJobs: 0 });
    expect((await api('GET', `/v4/car/${body.source_id}`)).body.blocket_ad_id).not.toBeNull();
    expect((await api('PUT', '/__fake/latency', { body: { latencyMs: 0 }, token: null })).body).toEqual({
      latencyMs: 0,
    });
    running.fake.latencyMs = 60_000;
    const minted = await api('POST', '/__fake/tokens', {
      body: { scope: 'dealer_code', dealer_code: 'D7' },
      token: null,
    });
    expect((await api('GET', '/v4/ad', { token: minted.body.token })).status).toBe(200);
    const seeded = await api('POST', '/__fake/seed/v3', {
      body: { category_id: 1065, source_id: 'old' },
      token: null,
    });
    expect(seeded).toMatchObject({ status: 201, body: { api_version: 'v3', source_id: 'old' } });
    expect(
      (await api('POST', '/__fake/tokens', { body: { scope: 'root' }, token: null })).body.detail,
    ).toContain('"scope" must be');
    expect((await api('POST', '/__fake/nope', { body: {}, token: null })).status).toBe(404);
  });

  it('admin endpoints are not served by the msw face unless asked', async () => {
    const fake = createFake();
    const reply = await handleRequest(fake, {
      method: 'GET',
      url: 'https://api.blocket.se/pro-import-api/__fake/',
      header: () => null,
      body: null,
    });
    expect(reply.status).toBe(404);
  });
});
