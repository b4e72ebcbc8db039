import { describe, expect, it } from 'vitest';
import { createAdFactory } from '../src/index.js';
import { seedDemoV3Ads } from '../src/fake/seed.js';
import { logLine, useMswFake } from './helpers.js';

const { ctx, api } = useMswFake();
const factory = createAdFactory({ seed: 51 });

/** A complete V4 migrate body (create without category_id). */
function migrateBody(type: string): Record<string, unknown> {
  const { source_id: _s, category_id: _c, ...rest } = factory.buildAd(type);
  return rest;
}

describe('V3 ads seen through V4', () => {
  it('GET and DELETE work on every V3 ad through /v4/ad; typed endpoints see their legacy categories', async () => {
    ctx.fake.seedV3Ad({ category_id: 1062, source_id: 'old-boat' });
    expect((await api('GET', '/v4/ad/old-boat')).body).toMatchObject({
      api_version: 'v3',
      category_id: 1062,
      state: 'created',
    });
    expect((await api('GET', '/v4/boat/old-boat')).status).toBe(200);
    expect((await api('GET', '/v4/car/old-boat')).status).toBe(404);
    await api('DELETE', '/v4/ad/old-boat');
    ctx.fake.clock.runAll();
    expect((await api('GET', '/v4/ad/old-boat')).body.state).toBe('deleted');
  });

  it('PUT/PATCH auto-convert a V3 ad of a compatible category: api_version becomes v4', async () => {
    ctx.fake.seedV3Ad({
      category_id: 1020,
      source_id: 'old-car',
      fields: {
        category_fields: {
          registration_number: 'OLD111',
          brand: 'volvo',
          model: 'xc60',
          mileage: 100000,
          fuel: 'diesel',
        },
      },
    });
    const reply = await api('PATCH', '/v4/car/old-car', { body: { category_fields: { mileage: 120000 } } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      api_version: 'v4',
      category_id: 1020,
      category_fields: { mileage: 120000, brand: 'volvo' },
    });
    // A registered vehicle's ad has no contact ("Must not be sent").
    expect(reply.body).not.toHaveProperty('contact');
  });

  it.each([
    ['boat', 1064],
    ['bus', 1221],
    ['agriculture-tools', 1226],
    ['moped', 1121],
  ])('PUT/PATCH of a V3 %s ad (category %i) are blocked until migrated', async (type, category) => {
    ctx.fake.seedV3Ad({ category_id: category, source_id: 'blocked' });
    for (const method of ['PATCH', 'PUT']) {
      const reply = await api(method, `/v4/${type}/blocked`, {
        body:
          method === 'PUT'
            ? { ...migrateBody(type), category_id: factory.buildAd(type).category_id }
            : { body: 'x' },
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual([
        `This ad was created with API V3 in category ${category} and must be migrated before it can be updated: POST /v4/${type}/blocked/migrate with a complete V4 payload.`,
      ]);
    }
    expect((await api('GET', '/v4/ad/blocked')).body.api_version).toBe('v3');
  });

  it('migrate converts in place (id, source_id and log kept), maps the category, queues the work', async () => {
    const seeded = ctx.fake.seedV3Ad({ category_id: 1063, source_id: 'sail' });
    const reply = await api('POST', '/v4/boat/sail/migrate', { body: migrateBody('boat') });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      id: seeded.id,
      source_id: 'sail',
      api_version: 'v4',
      category_id: 1060,
    });
    ctx.fake.clock.runAll();
    const ad = (await api('GET', '/v4/boat/sail')).body;
    expect(logLine(ad).slice(0, 6)).toEqual(logLine(seeded as never));
    expect(logLine(ad).slice(6)).toEqual([
      'update:processing',
      'update:done',
      'handle_media:processing',
      'handle_media:done',
      'publish:processing',
      'publish:done',
    ]);
    expect((await api('PATCH', '/v4/boat/sail', { body: { body: 'now editable' } })).status).toBe(200);
  });

  it('migrate refuses an already-V4 ad and a category outside the target', async () => {
    ctx.fake.seedV3Ad({ category_id: 1222, source_id: 'farm' });
    expect(
      (
        await api('POST', '/v4/agriculture-thresher/farm/migrate', {
          body: migrateBody('agriculture-thresher'),
        })
      ).status,
    ).toBe(200);
    // A wrong split target cannot be corrected: the ad is V4 thresher now, invisible to the tractor endpoints.
    expect(
      (
        await api('POST', '/v4/agriculture-tractor/farm/migrate', {
          body: migrateBody('agriculture-tractor'),
        })
      ).status,
    ).toBe(404);
    expect(
      await api('POST', '/v4/agriculture-thresher/farm/migrate', {
        body: migrateBody('agriculture-thresher'),
      }),
    ).toMatchObject({
      status: 400,
      body: ['Ad is already a V4 ad; only ads created with API V3 can be migrated.'],
    });
    expect((await api('POST', '/v4/bus/farm/migrate', { body: migrateBody('bus') })).status).toBe(404);
  });

  it('--seed creates one V3 ad per legacy category, idempotently', () => {
    const first = seedDemoV3Ads(ctx.fake);
    expect(first).toContain('v3-1062');
    expect(first).toContain('v3-1221');
    expect(seedDemoV3Ads(ctx.fake)).toEqual([]);
  });
});

describe('V3 endpoints', () => {
  it('POST /v3/ad creates a V3 ad in any V3 category; GET/PATCH/DELETE/log work; source_id shared with V4', async () => {
    const body = factory.buildV3Ad();
    const created = await api('POST', '/v3/ad', { body });
    expect(created).toMatchObject({
      status: 201,
      body: { api_version: 'v3', category_id: body.category_id, blocket_ad_id: null },
    });
    ctx.fake.clock.runAll();
    expect((await api('GET', `/v3/ad/${body.source_id}`)).body.blocket_ad_id).not.toBeNull();
    expect(
      (await api('PATCH', `/v3/ad/${body.source_id}`, { body: { body: 'Nytt <pris>' } })).body.body,
    ).toBe('Nytt <pris>');
    expect((await api('GET', `/v3/ad/${body.source_id}/log`)).body.count).toBe(6);
    expect((await api('GET', `/v3/ad?source_id=${body.source_id}`)).body.count).toBe(1);
    expect((await api('POST', '/v3/ad', { body })).status).toBe(400);
    await api('DELETE', `/v3/ad/${body.source_id}`);
    ctx.fake.clock.runAll();
    expect((await api('GET', `/v4/ad/${body.source_id}`)).body.state).toBe('deleted');
  });

  it('/v3/vehicle/* serve the car catalogue', async () => {
    const brands = (await api('GET', '/v3/vehicle/brands')).body;
    expect(brands).toContainEqual({ id: 'volvo', name: 'Volvo' });
    expect((await api('GET', '/v3/vehicle/models?brand=volvo')).body).toContainEqual({
      id: 'xc60',
      name: 'XC60',
    });
    expect((await api('GET', '/v3/vehicle/models?brand=Volvo')).body).toContainEqual({
      id: 'xc60',
      name: 'XC60',
    });
    expect((await api('GET', '/v3/vehicle/models')).body).toEqual({ brand: ['This field is required.'] });
    expect((await api('GET', '/v3/vehicle/fuels')).body).toContainEqual({ id: 'diesel', name: 'Diesel' });
    expect((await api('GET', '/v3/vehicle/body_types')).body.length).toBeGreaterThan(3);
  });
});

describe('legacy file-import migration', () => {
  it("the first POST with a Blocket Admin ad's licence plate links to it (blocket_ad_id kept), once", async () => {
    const admin = ctx.fake.seedAdminAd({ registration_number: 'QAB 123' });
    const body = factory.buildAd('car', { category_fields: { registration_number: 'qab123' } });
    const created = await api('POST', '/v4/car', { body });
    expect(created.body.blocket_ad_id).toBe(admin.blocket_ad_id);
    ctx.fake.clock.runAll();
    const ad = (await api('GET', `/v4/car/${body.source_id}`)).body;
    expect(ad.blocket_ad_id).toBe(admin.blocket_ad_id);
    expect(ad.log[1]?.external_message).toBe(
      `Linked to the existing Blocket ad ${admin.blocket_ad_id} (matched by licence plate).`,
    );
    const second = await api('POST', '/v4/car', {
      body: factory.buildAd('car', { category_fields: { registration_number: 'QAB123' } }),
    });
    expect(second.body.blocket_ad_id).toBeNull();
    expect(ctx.fake.snapshot().adminAds).toEqual([{ ...admin, linked_source_id: body.source_id }]);
  });

  it('only links ads of the same dealer', async () => {
    ctx.fake.seedAdminAd({ registration_number: 'ABC999', dealer_code: 'D2' });
    expect(
      (
        await api('POST', '/v4/car', {
          body: factory.buildAd('car', { category_fields: { registration_number: 'ABC999' } }),
        })
      ).body.blocket_ad_id,
    ).toBeNull();
  });
});
