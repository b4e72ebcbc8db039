import { describe, expect, it } from 'vitest';
import { createAdFactory, createTestToken, verifyToken } from '../src/index.js';
import { useMswFake } from './helpers.js';

const { ctx, api } = useMswFake();
const factory = createAdFactory({ seed: 11 });

describe('tokens', () => {
  it.each([
    ['missing', null, 'Invalid token: Authentication credentials were not provided'],
    ['not a JWT', 'abc', 'Invalid token: Not enough segments'],
    [
      'wrong secret',
      createTestToken({ scope: 'dealer_code', dealer_code: 'D1' }, { secret: 'other' }),
      'Invalid token: Signature verification failed.',
    ],
    [
      'expired',
      createTestToken({ scope: 'dealer_code', dealer_code: 'D1', exp: 1 }),
      'Invalid token: Signature has expired.',
    ],
    ['unknown scope', createTestToken({ scope: 'admin' } as never), 'Invalid token: Claim scope must be'],
  ])('%s token: 401 {"detail": "Invalid token: ..."}, token never echoed', async (_name, token, detail) => {
    const reply = await api('GET', '/v4/ad', { token });
    expect(reply.status).toBe(401);
    expect(reply.body.detail).toContain(detail);
    if (token !== null) expect(JSON.stringify(reply.body)).not.toContain(token);
  });

  it('refuses alg none and other algorithms', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ scope: 'dealer_code', dealer_code: 'D1' })).toString(
      'base64url',
    );
    expect(() => verifyToken(`${header}.${payload}.`, { secret: 'pro-import-fake-secret', now: 0 })).toThrow(
      'alg value is not allowed',
    );
  });

  it('accepts a token whose exp is in the future (fake clock)', async () => {
    const exp = Date.parse('2025-03-02T00:00:00Z') / 1000;
    expect(
      (
        await api('GET', '/v4/ad', {
          token: createTestToken({ scope: 'dealer_code', dealer_code: 'D1', exp }),
        })
      ).status,
    ).toBe(200);
  });
});

describe('dealer scopes', () => {
  it('dealer_code scope: dealer_code may be omitted, it comes from the token', async () => {
    const reply = await api('POST', '/v4/car', { body: factory.buildAd('car') });
    expect(reply.body.dealer_code).toBe('D1');
  });

  it('dealer_group scope: POST without dealer_code is 400 {"dealer_code": ["This field is required."]}', async () => {
    const reply = await api('POST', '/v4/car', { body: factory.buildAd('car'), token: ctx.group });
    expect(reply).toMatchObject({ status: 400, body: { dealer_code: ['This field is required.'] } });
    expect(ctx.fake.listAds()).toEqual([]);
  });

  it('dealer_group scope: the missing dealer_code is reported together with the field errors', async () => {
    const { category_fields: _omitted, ...body } = factory.buildAd('car');
    const reply = await api('POST', '/v4/car', { body, token: ctx.group });
    expect(reply.body).toMatchObject({
      dealer_code: ['This field is required.'],
      category_fields: ['This field is required.'],
    });
  });

  it('dealer_group scope: posting for a dealer outside the group is 403 and stores nothing', async () => {
    const reply = await api('POST', '/v4/car', {
      body: factory.buildAd('car', { dealer_code: 'D9' }),
      token: ctx.group,
    });
    expect(reply.status).toBe(403);
    expect(reply.body.detail).toContain('dealer_code "D9"');
    expect(ctx.fake.listAds()).toEqual([]);
  });

  it('dealer_code scope: posting for another dealer is 403', async () => {
    expect(
      (await api('POST', '/v4/car', { body: factory.buildAd('car', { dealer_code: 'D2' }) })).status,
    ).toBe(403);
  });

  it('dealer_group scope: creates for each of its dealers and sees both; PUT reads the dealer from the stored ad', async () => {
    const a = factory.buildAd('car', { dealer_code: 'D1' });
    const b = factory.buildAd('car', { dealer_code: 'D2' });
    expect((await api('POST', '/v4/car', { body: a, token: ctx.group })).status).toBe(201);
    expect((await api('POST', '/v4/car', { body: b, token: ctx.group })).status).toBe(201);
    expect((await api('GET', '/v4/ad', { token: ctx.group })).body.count).toBe(2);
    expect(
      (await api('GET', '/v4/ad?dealer_code=D2', { token: ctx.group })).body.results.map(
        (ad: { source_id: string }) => ad.source_id,
      ),
    ).toEqual([b.source_id]);
    const patched = await api('PATCH', `/v4/car/${b.source_id}`, {
      body: { category_fields: { mileage: 5 } },
      token: ctx.group,
    });
    expect(patched.body.dealer_code).toBe('D2');
  });

  it('another dealer\'s ad is 404 {"detail": "Not found."} on every endpoint', async () => {
    const body = factory.buildAd('car');
    await api('POST', '/v4/car', { body, token: ctx.d2 });
    for (const [method, path] of [
      ['GET', `/v4/car/${body.source_id}`],
      ['GET', `/v4/ad/${body.source_id}`],
      ['PATCH', `/v4/car/${body.source_id}`],
      ['DELETE', `/v4/ad/${body.source_id}`],
      ['GET', `/v4/ad/${body.source_id}/log`],
      ['GET', `/v4/ad/${body.source_id}/bump`],
    ] as const) {
      const reply = await api(method, path, method === 'PATCH' ? { body: {} } : {});
      expect([method, path, reply.status, reply.body]).toEqual([method, path, 404, { detail: 'Not found.' }]);
    }
    expect((await api('GET', '/v4/ad')).body.count).toBe(0);
  });
});
