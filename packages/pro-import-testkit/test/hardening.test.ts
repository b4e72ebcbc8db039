import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestToken as signJwt } from '@x/fake-runtime';
import { createAdFactory, createFake, handleRequest, type ProImportFake } from '../src/index.js';
import { startFakeServer, type RunningFakeServer } from '../src/server.js';
import { deepMerge, type JsonObject } from '../src/fake/json.js';
import { apiFor, type Reply } from './helpers.js';

const factory = createAdFactory({ seed: 99 });
const START = Date.parse('2025-06-01T12:00:00Z');
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];

let running: RunningFakeServer;
let fake: ProImportFake;
let d1 = '';
const api = (method: string, path: string, options?: Parameters<ReturnType<typeof apiFor>>[2]) =>
  apiFor(running.baseUrl, () => d1)(method, path, options);
const admin = (method: string, path: string, body?: unknown): Promise<Reply> =>
  api(method, `/__fake${path}`, body === undefined ? { token: null } : { token: null, body });

beforeAll(async () => {
  running = await startFakeServer({ port: 0, fakeOptions: { clock: 'manual', startTime: START, latencyMs: 1000 } });
  fake = running.fake;
  d1 = fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
});
afterAll(() => running.close());
beforeEach(() => fake.reset());

describe('ordering', () => {
  it.each(PROTOTYPE_NAMES.flatMap((name) => [name, `-${name}`]))('ordering=%s is ignored (the default -created), not a 500', async (ordering) => {
    await api('POST', '/v4/car', { body: factory.buildAd('car', { source_id: 'first' }) });
    fake.clock.advance(1);
    await api('POST', '/v4/car', { body: factory.buildAd('car', { source_id: 'second' }) });
    const reply = await api('GET', `/v4/ad?ordering=${encodeURIComponent(ordering)}`);
    expect(reply.status).toBe(200);
    expect((reply.body.results as Array<{ source_id: string }>).map((ad) => ad.source_id)).toEqual(['second', 'first']);
  });

  it('takes several comma-separated fields, as DRF does, and drops unknown ones', async () => {
    for (const id of ['b', 'a', 'c']) await api('POST', '/v4/car', { body: factory.buildAd('car', { source_id: id }) });
    const ids = async (ordering: string) =>
      ((await api('GET', `/v4/ad?ordering=${ordering}`)).body.results as Array<{ source_id: string }>).map((ad) => ad.source_id);
    expect(await ids('created,source_id')).toEqual(['a', 'b', 'c']); // same millisecond: source_id decides
    expect(await ids('nope,-source_id')).toEqual(['c', 'b', 'a']);
    expect(await ids('nope')).toEqual(['b', 'a', 'c']); // -created, then insertion order
  });
});

describe('prototype names anywhere in a request', () => {
  it('never answer 500', async () => {
    const statuses: string[] = [];
    const note = (label: string, reply: Reply) => {
      if (reply.status >= 500) statuses.push(`${label}: ${reply.status} ${JSON.stringify(reply.body)}`);
    };
    // Two ads, so lists have something to order.
    for (const id of ['base-1', 'base-2']) await api('POST', '/v4/car', { body: factory.buildAd('car', { source_id: id }) });
    const created: string[] = [];
    for (const name of PROTOTYPE_NAMES) {
      const q = encodeURIComponent(name);
      const params = ['ordering', 'fields', 'include', 'state', 'source_id__in', 'category_id__in', 'created__gt', 'search', 'limit', name];
      for (const path of [
        ...params.map((param) => `/v4/ad?${encodeURIComponent(param)}=${q}`),
        `/v4/car/${q}`,
        `/v4/car/${q}/log?action=${q}&ordering=${q}`,
        `/v4/${q}`,
        `/v4/vehicles/${q}/attributes`,
        `/v4/vehicles/car/${q}`,
        `/v4/vehicles/car/models?brand=${q}`,
        `/v3/vehicle/models?brand=${q}`,
        `/v3/ad/${q}/bump?exclude_bytbil=${q}`,
      ])
        note(`GET ${path}`, await api('GET', path));
      // No title: a registered vehicle's title is generated from its brand and model.
      const { title: _title, ...body } = factory.buildAd('car', {
        source_id: `proto-${name}`,
        category_fields: { brand: name, model: name },
      });
      const post = await api('POST', '/v4/car', { body });
      note(`POST ${name}`, post);
      if (post.status === 201) created.push(name);
      const raw = JSON.stringify({ ...body, source_id: `raw-${name}` }).replace('"category_fields":{', `"${name}":{"x":1},"category_fields":{"${name}":{"y":2},`);
      note(`POST raw ${name}`, await api('POST', '/v4/car', { raw, headers: { 'content-type': 'application/json' } }));
      note(`PATCH ${name}`, await api('PATCH', `/v4/car/proto-${name}`, { body: { category_fields: { [name]: { a: 1 } } } }));
      note(`GET ${name}`, await api('GET', `/v4/car/proto-${name}`));
      note(`GET list ${name}`, await api('GET', `/v4/ad?search=${q}`));
      note(`token scope ${name}`, await api('GET', '/v4/ad', { token: fake.token({ scope: name } as never) }));
      fake.clock.runAll();
    }
    expect(statuses).toEqual([]);
    // The brand and model are reconstructed rules: accepted, so the generated titles above were really built.
    expect(created).toEqual(PROTOTYPE_NAMES);
  });

  it('PUT and PATCH merge a key __proto__ as data, never as the prototype of the stored fields', () => {
    const patch = JSON.parse('{"category_fields": {"__proto__": {"mileage": 5}}, "__proto__": {"title": "x"}}') as JsonObject;
    const merged = deepMerge({ category_fields: { mileage: 1 } }, patch);
    const fields = merged.category_fields as JsonObject;
    expect([Object.getPrototypeOf(merged), Object.getPrototypeOf(fields)]).toEqual([Object.prototype, Object.prototype]);
    expect(JSON.stringify(merged)).toBe('{"category_fields":{"mileage":1,"__proto__":{"mileage":5}},"__proto__":{"title":"x"}}');
    const built = createAdFactory({ seed: 1 }).buildAd('car', JSON.parse('{"__proto__": {"title": "x"}}') as JsonObject);
    expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
    expect(Object.hasOwn(built, '__proto__')).toBe(true);
  });
});

describe('ad keys are collision-free', () => {
  it('dealer "D1/stock" can neither read nor delete D1\'s ad "stock/123", and each keeps its own ad', async () => {
    const dealerSlash = fake.token({ scope: 'dealer_code', dealer_code: 'D1/stock' });
    expect((await api('POST', '/v4/car', { body: factory.buildAd('car', { source_id: 'stock/123' }) })).status).toBe(201);
    expect((await api('GET', '/v4/car/123', { token: dealerSlash })).status).toBe(404);
    expect((await api('DELETE', '/v4/car/123', { token: dealerSlash })).status).toBe(404);
    expect((await api('GET', '/v4/car/123/log', { token: dealerSlash })).status).toBe(404);
    expect((await api('POST', '/v4/car', { token: dealerSlash, body: factory.buildAd('car', { source_id: '123' }) })).status).toBe(201);
    fake.clock.runAll();
    expect((await api('GET', '/v4/car/stock%2F123')).body.dealer_code).toBe('D1');
    expect((await api('GET', '/v4/car/123', { token: dealerSlash })).body.dealer_code).toBe('D1/stock');
    expect(fake.listAds().map((ad) => `${String(ad.dealer_code)} ${String(ad.source_id)}`).sort()).toEqual(['D1 stock/123', 'D1/stock 123']);
  });

  it('snapshots keep them apart too, queued work included; an old snapshot (raw keys) still loads', async () => {
    const dealerSlash = fake.token({ scope: 'dealer_code', dealer_code: 'D1/stock' });
    await api('POST', '/v4/car', { body: factory.buildAd('car', { source_id: 'stock/123' }) });
    await api('POST', '/v4/car', { token: dealerSlash, body: factory.buildAd('car', { source_id: '123' }) });
    const saved = fake.snapshot();
    expect(Object.keys(saved.queues).sort()).toEqual(['D1%2Fstock/123', 'D1/stock%2F123']);
    const copy = createFake({ snapshot: JSON.parse(JSON.stringify(saved)) });
    copy.clock.runAll();
    expect(copy.getAd('D1', 'stock/123')?.blocket_ad_id).not.toBeNull();
    expect(copy.getAd('D1/stock', '123')?.blocket_ad_id).not.toBeNull();
    // A snapshot written before keys were encoded: `D1/car-1` names its ad as before.
    const old = createFake({ startTime: START });
    old.seedV3Ad({ category_id: 1062, source_id: 'car-1', published: false });
    const oldSnapshot = { ...old.snapshot(), queues: { 'D1/car-1': [{ request_id: 'r', actions: ['delete'], index: 0, started: false }] } };
    const loaded = createFake({ snapshot: oldSnapshot as never });
    loaded.clock.runAll();
    expect(loaded.getAd('D1', 'car-1')?.state).toBe('deleted');
  });
});

describe('admin input is checked: a 400 in one line, and nothing changes', () => {
  const cases: Array<[string, string, unknown, string]> = [
    ['POST', '/faults/schedule', { path: 1, status: 503 }, 'POST /__fake/faults/schedule: path must be a string, got 1'],
    ['POST', '/faults/schedule', { status: 503, stauts: 1 }, 'POST /__fake/faults/schedule: has unknown field "stauts"'],
    ['PUT', '/faults/rate', { rate: 0.5, statuses: '500' }, 'PUT /__fake/faults/rate: statuses must be a list, got "500"'],
    ['POST', '/faults/actions', { action: 'publish', sourceIds: 5 }, 'POST /__fake/faults/actions: sourceIds must be a list, got 5'],
    ['POST', '/faults/actions', { action: 'explode' }, 'POST /__fake/faults/actions: action must be one of "create", "update", "bump", "boost", "handle_media", "publish", "delete", "unpublish", got "explode"'],
    ['POST', '/seed/v3', { category_id: 1062, source_id: 5 }, 'POST /__fake/seed/v3: source_id must be a string, got 5'],
    ['POST', '/seed/v3', { category_id: '1062' }, 'POST /__fake/seed/v3: category_id must be a number, got "1062"'],
    ['POST', '/seed/admin', { registration_number: 'ABC123', dealer_code: '' }, 'POST /__fake/seed/admin: dealer_code must not be empty, got ""'],
    ['PUT', '/latency', { latencyMs: -1 }, 'PUT /__fake/latency: latencyMs must be >= 0, got -1'],
    ['PUT', '/bump-permission', { dealer_code: 'D1', allowed: 'no' }, 'PUT /__fake/bump-permission: allowed must be true or false, got "no"'],
    ['POST', '/tokens', { scope: 'dealer_group', dealer_group: 'G1', dealer_codes: [] }, 'POST /__fake/tokens: dealer_codes must have at least 1 item, got []'],
    ['POST', '/tokens', { scope: 'dealer_code', dealer_code: 5 }, 'POST /__fake/tokens: dealer_code must be a string, got 5'],
    ['PUT', '/state', { version: 1, ads: [{ id: 'x' }] }, 'PUT /__fake/state: ads[0].source_id must be a string, got nothing; ads[0].dealer_code must be a string, got nothing; ads[0].category_id must be a number, got nothing; and 12 more'],
    ['PUT', '/state', { version: 2, ads: [] }, 'PUT /__fake/state: fake.load(snapshot): not a snapshot of this fake (expected {"version": 1, "ads": [...]}, as fake.snapshot() returns)'],
  ];

  it.each(cases)('%s %s %j', async (method, path, body, detail) => {
    await api('POST', '/v4/car', { body: factory.buildAd('car', { source_id: 'kept' }) });
    const before = fake.snapshot();
    const faultsBefore = fake.faults.describe();
    const reply = await admin(method, path, body);
    expect(reply.status).toBe(400);
    expect(reply.body.detail.replace(/^PUT \/__fake\/state: fake\.load\(snapshot\): (?!not)/, 'PUT /__fake/state: ')).toBe(detail);
    expect(fake.snapshot()).toEqual(before);
    expect(fake.faults.describe()).toEqual(faultsBefore);
    // The fake still works: the ad can be read, its work runs, the state is still saveable.
    expect((await api('GET', '/v4/car/kept')).status).toBe(200);
    fake.clock.runAll();
    expect((await api('GET', '/v4/car/kept')).body.blocket_ad_id).not.toBeNull();
    expect(() => createFake({ snapshot: JSON.parse(JSON.stringify(fake.snapshot())) })).not.toThrow();
  });
});

describe('tokens', () => {
  it('a dealer_group token with no dealer codes is refused (401), whoever signed it', async () => {
    const empty = signJwt({ scope: 'dealer_group', dealer_group: 'G1', dealer_codes: [] }, { secret: fake.jwtSecret });
    const reply = await api('GET', '/v4/ad', { token: empty });
    expect(reply.status).toBe(401);
    expect(reply.body.detail).toBe('Invalid token: Claims dealer_group and dealer_codes (at least one dealer code) are required for scope dealer_group.');
  });

  it('nbf is honoured against the fake\'s clock', async () => {
    const nbf = Math.floor(fake.clock.now() / 1000) + 60;
    const early = fake.token({ scope: 'dealer_code', dealer_code: 'D1', nbf });
    const reply = await api('GET', '/v4/ad', { token: early });
    expect([reply.status, reply.body.detail]).toEqual([401, 'Invalid token: The token is not yet valid (nbf).']);
    fake.clock.advance(60_000);
    expect((await api('GET', '/v4/ad', { token: early })).status).toBe(200);
  });
});

describe('GET /__fake/state can always be PUT back', () => {
  it('500 ads with their logs (over 1 MiB) round-trip over HTTP', async () => {
    for (let i = 0; i < 500; i++) {
      const body = factory.buildAd('car', { source_id: `bulk-${i}`, body: 'A long description. '.repeat(20) });
      expect((await api('POST', '/v4/car', { body })).status).toBe(201);
    }
    fake.clock.runAll();
    const state = await admin('GET', '/state');
    const text = JSON.stringify(state.body);
    expect(text.length).toBeGreaterThan(1024 * 1024);
    fake.reset();
    const put = await fetch(`${running.baseUrl}/__fake/state`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: text });
    expect([put.status, await put.json()]).toEqual([200, { ads: 500 }]);
    expect(fake.snapshot()).toEqual(state.body);
    // The API's own limit is unchanged.
    const big = factory.buildAd('car', { body: 'x'.repeat(1024 * 1024 + 1) });
    expect((await api('POST', '/v4/car', { body: big })).status).toBe(413);
  }, 60_000);
});

describe('autoAdvance', () => {
  it('runs queued work after each answer: the answer shows the state before it, the next request after it', async () => {
    const auto = createFake({ autoAdvance: true, startTime: START });
    const token = auto.token({ scope: 'dealer_code', dealer_code: 'D1' });
    const call = (method: string, path: string, body?: unknown) =>
      handleRequest(auto, {
        method,
        url: `https://api.blocket.se/pro-import-api${path}`,
        header: (name) => (name === 'x-auth-token' ? token : name === 'content-type' ? 'application/json' : null),
        body: body === undefined ? null : new TextEncoder().encode(JSON.stringify(body)),
      });
    const created = JSON.parse((await call('POST', '/v4/car', factory.buildAd('car', { source_id: 'auto' }))).body) as { blocket_ad_id: unknown };
    expect(created.blocket_ad_id).toBeNull();
    const read = JSON.parse((await call('GET', '/v4/car/auto')).body) as { blocket_ad_id: unknown };
    expect(read.blocket_ad_id).not.toBeNull();
    expect(auto.pendingJobs()).toBe(0);
  });

  it('needs the manual clock', () => {
    expect(() => createFake({ clock: 'real', autoAdvance: true })).toThrow('autoAdvance needs the manual clock');
  });
});
