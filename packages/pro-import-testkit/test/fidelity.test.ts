import { createProImportClient, ProImportActionError } from '@x/pro-import-client';
import { validatePayload } from '@x/pro-import-client/validators';
import { describe, expect, it } from 'vitest';
import { callFake, createAdFactory, createFake, RESOURCES_FOR_TESTS } from './fidelity-support.js';
import { BASE, logLine, useMswFake } from './helpers.js';

// Issue 17's Pro Import findings and issue 19's revived car: each test fails on the fake as it was.
const { ctx, api } = useMswFake();
const factory = createAdFactory({ seed: 17 });
const settle = () => ctx.fake.clock.runAll();
const CONTACT_TYPES = RESOURCES_FOR_TESTS.filter((type) => !type.registered).map((type) => type.name);

async function created(type: string, overrides: Record<string, unknown> = {}, token?: string) {
  // Overrides replace whole fields (the factory would merge a location into its own).
  const body = { ...factory.buildAd(type, overrides), ...overrides };
  const reply = await api('POST', `/v4/${type}`, { body, ...(token === undefined ? {} : { token }) });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  settle();
  return String(body.source_id);
}

describe('PUT and PATCH are merge patches ("Nested objects such as category_fields are also merged recursively")', () => {
  it.each(CONTACT_TYPES)('%s: a partial contact is merged, the email kept', async (type) => {
    const id = await created(type, { contact: { name: 'Anna', phone: '0701111111', email: 'anna@example.com' } });
    for (const method of ['PATCH', 'PUT']) {
      const phone = method === 'PATCH' ? '0702222222' : '0703333333';
      const reply = await api(method, `/v4/${type}/${id}`, { body: { contact: { phone } } });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      settle();
      expect((await api('GET', `/v4/${type}/${id}`)).body.contact).toEqual({ name: 'Anna', phone, email: 'anna@example.com' });
    }
  });

  it('the rules of a nested object apply to the merged ad: removing the email or half a coordinate pair is refused', async () => {
    const id = await created('boat', { location: { latitude: 59.3, longitude: 18.1 } });
    expect(await api('PATCH', `/v4/boat/${id}`, { body: { contact: { email: null } } })).toMatchObject({
      status: 400,
      body: { contact: { email: ['This field is required.'] } },
    });
    expect((await api('PATCH', `/v4/boat/${id}`, { body: { location: { latitude: 59.4 } } })).status).toBe(200);
    settle();
    expect((await api('GET', `/v4/boat/${id}`)).body.location).toEqual({ latitude: 59.4, longitude: 18.1 });
    expect(await api('PATCH', `/v4/boat/${id}`, { body: { location: { longitude: null } } })).toMatchObject({
      status: 400,
      body: { location: { non_field_errors: ['"latitude" and "longitude" must be provided together.'] } },
    });
  });

  it('through the client with validate: true, a partial contact is sent (the client cannot see the stored ad)', async () => {
    const id = await created('truck');
    const client = createProImportClient({ token: ctx.d1, validate: true, retry: false });
    await expect(client.truck.patch(id, { contact: { phone: '0709999999' } })).resolves.toMatchObject({ source_id: id });
  });
});

describe('refused by default although no document says so', () => {
  it('a dealer_code differing only in case names the token\'s dealer', async () => {
    const body = factory.buildAd('car', { dealer_code: 'd1' });
    expect((await api('POST', '/v4/car', { body })).status).toBe(201);
    expect(ctx.fake.getAd('D1', String(body.source_id))).toBeDefined();
  });

  it('migrate with category_id, and lkf on a registered vehicle: instructions, so warnings; a strict fake refuses', async () => {
    ctx.fake.seedV3Ad({ category_id: 1121, source_id: 'old-moped' });
    const { source_id: _id, ...moped } = factory.buildAd('moped');
    const migrate = { ...moped, category_id: 1121 };
    expect((await api('POST', '/v4/moped/old-moped/migrate', { body: migrate })).status).toBe(200);
    const lkf = factory.buildAd('car', { location: { zipcode: '11122', lkf: '0180' } });
    expect((await api('POST', '/v4/car', { body: lkf })).status).toBe(201);
    expect(validatePayload('car', 'create', lkf).warnings.map((w) => w.path)).toContain('location.lkf');
    const strict = createFake({ strict: true });
    const strictToken = strict.token({ scope: 'dealer_code', dealer_code: 'D1' });
    strict.seedV3Ad({ category_id: 1121, source_id: 'old-moped' });
    expect(await callFake(strict, 'POST', '/v4/moped/old-moped/migrate', migrate, strictToken)).toMatchObject({ status: 400, body: { category_id: expect.any(Array) } });
    expect(await callFake(strict, 'POST', '/v4/car', { ...lkf, source_id: 'strict-car' }, strictToken)).toMatchObject({ status: 400, body: { location: { lkf: expect.any(Array) } } });
  });

  it('source_id as a number, category_id as a numeric string, visible as "true": stored as Django REST Framework stores them', async () => {
    const body = { ...factory.buildAd('car'), source_id: 4711, category_id: '1020', visible: 'true' };
    const reply = await api('POST', '/v4/car', { body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toMatchObject({ source_id: '4711', category_id: 1020, visible: true });
    expect((await api('PATCH', '/v4/car/4711', { body: { visible: 0 } })).status).toBe(200);
    expect((await api('GET', '/v4/car/4711')).body.visible).toBe(false);
  });
});

describe('documented, and now enforced or answered as documented', () => {
  it('V3 1122 (A-tractor) needs category_fields, or title and contact ("Yes (except for ...)" either way)', async () => {
    const bare = { source_id: 'a-tractor', category_id: 1122, body: 'A-traktor', price: [{ type: 'list', amount: 50000 }] };
    expect(await api('POST', '/v3/ad', { body: bare })).toMatchObject({ status: 400, body: { category_fields: ['This field is required.'] } });
    expect((await api('POST', '/v3/ad', { body: { ...bare, category_fields: { registration_number: 'ABC123' } } })).status).toBe(201);
  });

  it.each([4020, 4080])('V3 category %i is "(not yet supported)": refused', async (category) => {
    const body = { source_id: `clothes-${category}`, category_id: category, title: 'Jacka', body: 'Vinterjacka', price: [{ type: 'list', amount: 300 }], contact: { name: 'Anna', phone: '0701234567', email: 'anna@example.com' } };
    expect(await api('POST', '/v3/ad', { body })).toMatchObject({ status: 400, body: { category_id: [`"${category}" is not a valid choice.`] } });
  });

  it('POST /v4/car with category_id 1021 stores 1021 (the endpoint\'s category is inferred: a warning), never 1020', async () => {
    const body = factory.buildAd('car', { category_id: 1021 });
    expect((await api('POST', '/v4/car', { body })).body.category_id).toBe(1021);
    expect(validatePayload('car', 'create', body, { strict: true }).success).toBe(false);
  });

  it('a dealer-group token never touches the wrong dealer\'s ad: ambiguous unless dealer_code names one', async () => {
    const id = 'shared-id';
    await created('boat', { source_id: id, title: 'D1 boat' }, ctx.d1);
    await created('boat', { source_id: id, title: 'D2 boat' }, ctx.d2);
    const ambiguous = await api('PATCH', `/v4/boat/${id}`, { body: { title: 'changed' }, token: ctx.group });
    expect(ambiguous.status).toBe(400);
    expect(JSON.stringify(ambiguous.body)).toMatch(/several dealers.*D1, D2.*dealer_code/);
    expect((await api('DELETE', `/v4/boat/${id}`, { token: ctx.group })).status).toBe(400);
    expect((await api('PATCH', `/v4/boat/${id}`, { body: { title: 'D2 changed', dealer_code: 'D2' }, token: ctx.group })).status).toBe(200);
    expect((await api('DELETE', `/v4/boat/${id}?dealer_code=D2`, { token: ctx.group })).status).toBe(200);
    settle();
    expect(ctx.fake.getAd('D1', id)).toMatchObject({ title: 'D1 boat', state: 'created' });
    expect(ctx.fake.getAd('D2', id)).toMatchObject({ title: 'D2 changed', state: 'deleted' });
    // One dealer holding it: no dealer_code needed (read from the existing ad).
    await created('boat', { source_id: 'only-d1' }, ctx.d1);
    expect((await api('PATCH', '/v4/boat/only-d1', { body: { title: 'x' }, token: ctx.group })).status).toBe(200);
  });

  it('typed lists show what the typed GET shows: /v4/moped a 1122 ad, /v4/boat a V3 1061 boat', async () => {
    const aTractor = await created('moped', { category_id: 1122 });
    expect((await api('GET', `/v4/moped/${aTractor}`)).status).toBe(200);
    expect((await api('GET', '/v4/moped')).body.results.map((ad) => ad.source_id)).toContain(aTractor);
    ctx.fake.seedV3Ad({ category_id: 1061, source_id: 'v3-boat' });
    expect((await api('GET', '/v4/boat/v3-boat')).status).toBe(200);
    const boats = (await api('GET', '/v4/boat')).body;
    expect([boats.count, boats.results.map((ad) => ad.source_id)]).toEqual([1, ['v3-boat']]);
  });

  it('GET /v4/ad lists one row per ad (the "each POST/PUT/DELETE ... as an individual entry" sentence is read as stale)', async () => {
    const id = await created('boat');
    await api('PUT', `/v4/boat/${id}`, { body: { title: 'again' } });
    await api('DELETE', `/v4/boat/${id}`);
    settle();
    expect((await api('GET', `/v4/ad?source_id=${id}`)).body).toMatchObject({ count: 1, results: [{ source_id: id, state: 'deleted' }] });
  });
});

describe('issue 19: work queued for an ad runs in order, and what the state after it forbids is refused', () => {
  it('a PATCH of a registered vehicle whose DELETE is queued is refused; it never revives the car', async () => {
    const id = await created('car');
    expect((await api('DELETE', `/v4/car/${id}`)).status).toBe(200);
    expect(await api('PATCH', `/v4/car/${id}`, { body: { body: 'still here?' } })).toMatchObject({ status: 400, body: ['Ad has been deleted, cannot update'] });
    expect(await api('GET', `/v4/car/${id}/bump`)).toMatchObject({ status: 400, body: ['Ad has been deleted, cannot bump'] });
    settle();
    const car = (await api('GET', `/v4/car/${id}`)).body;
    expect([car.state, logLine(car).filter((line) => line.startsWith('update'))]).toEqual(['deleted', []]);
  });

  it('a non-registered ad whose DELETE is queued is revived by a PATCH after it ("revive a deleted ad in unregistered vehicle categories")', async () => {
    const id = await created('boat');
    await api('DELETE', `/v4/boat/${id}`);
    expect((await api('PATCH', `/v4/boat/${id}`, { body: { body: 'back' } })).status).toBe(200);
    settle();
    expect((await api('GET', `/v4/boat/${id}`)).body.state).toBe('created');
  });

  it('deleteAndWait does not report success when a later request revived the ad', async () => {
    ctx.fake.autoAdvance = true;
    const id = await created('boat');
    const revive = () => fetch(`${BASE}/v4/boat/${id}`, { method: 'PATCH', headers: { 'X-Auth-Token': ctx.d1, 'content-type': 'application/json' }, body: JSON.stringify({ body: 'revived' }) });
    const client = createProImportClient({
      token: ctx.d1,
      retry: false,
      fetch: async (request) => {
        const response = await fetch(request);
        if (request.method === 'DELETE') await revive();
        return response;
      },
    });
    const failure = await client.boat.deleteAndWait(id, { intervalMs: 1, timeoutMs: 5_000 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ProImportActionError);
    expect(String(failure)).toMatch(/revived|live/);
    expect((await api('GET', `/v4/boat/${id}`)).body.state).toBe('created');
  });
});

