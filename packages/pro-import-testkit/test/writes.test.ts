import { describe, expect, it } from 'vitest';
import { createAdFactory } from '../src/index.js';
import { imageProblem } from '../src/fake/media.js';
import { logLine, useMswFake } from './helpers.js';

const { ctx, api } = useMswFake();
const factory = createAdFactory({ seed: 31 });
const settle = () => ctx.fake.clock.runAll();

async function created(type: string, overrides: Record<string, unknown> = {}) {
  const body = factory.buildAd(type, overrides);
  const reply = await api('POST', `/v4/${type}`, { body });
  expect(reply.status).toBe(201);
  settle();
  return String(body.source_id);
}

describe('source_id', () => {
  it('cannot be reused, also after delete', async () => {
    const id = await created('boat');
    const again = await api('POST', '/v4/boat', { body: factory.buildAd('boat', { source_id: id }) });
    expect(again).toMatchObject({
      status: 400,
      body: { source_id: ['Ad with this source_id already exists.'] },
    });
    await api('DELETE', `/v4/boat/${id}`);
    settle();
    const afterDelete = await api('POST', '/v4/boat', { body: factory.buildAd('boat', { source_id: id }) });
    expect(afterDelete).toMatchObject({
      status: 400,
      body: { source_id: ['Ad with this source_id already exists.'] },
    });
  });

  it('is per dealer: another dealer may use the same one', async () => {
    const id = await created('car');
    expect(
      (await api('POST', '/v4/car', { body: factory.buildAd('car', { source_id: id }), token: ctx.d2 }))
        .status,
    ).toBe(201);
  });
});

describe('PUT and PATCH', () => {
  /** A complete PUT body (PUT requires what create requires, minus source_id) or a minimal PATCH body. */
  function updateBody(method: string, type: string, extra: Record<string, unknown>): Record<string, unknown> {
    if (method === 'PATCH') return extra;
    const { source_id: _ignored, ...full } = factory.buildAd(type);
    const { url: _url, ...withoutUrl } = full;
    return {
      ...withoutUrl,
      ...extra,
      category_fields: { ...(full.category_fields as object), ...(extra.category_fields as object) },
    };
  }

  it('PUT is a partial update like PATCH ("PUT and PATCH are functionally equivalent")', async () => {
    const id = await created('car');
    const before = (await api('GET', `/v4/car/${id}`)).body;
    const put = await api('PUT', `/v4/car/${id}`, { body: { category_fields: { mileage: 1 } } });
    expect(put.status).toBe(200);
    expect(put.body.category_fields).toEqual({ ...before.category_fields, mileage: 1 });
    expect(put.body.price).toEqual(before.price);
    expect((await api('PATCH', `/v4/car/${id}`, { body: { category_fields: { mileage: 2 } } })).status).toBe(200);
  });

  it('null clears an optional field, a category field included', async () => {
    const id = await created('boat');
    const reply = await api('PATCH', `/v4/boat/${id}`, { body: { body: null, category_fields: { sleeping_places: null } } });
    expect(reply.status).toBe(200);
    expect(reply.body.body).toBeNull();
    expect(reply.body.category_fields).not.toHaveProperty('sleeping_places');
  });

  it('a boat read back with GET is accepted by PATCH as it is (read-only fields ignored)', async () => {
    const id = await created('boat');
    settle();
    const read = (await api('GET', `/v4/boat/${id}`)).body;
    const reply = await api('PATCH', `/v4/boat/${id}`, { body: read });
    expect(reply.status).toBe(200);
    expect(reply.body.id).toBe(read.id);
    expect(reply.body.image_refs).toEqual(read.image_refs);
  });

  it.each(['PUT', 'PATCH'])(
    '%s deep-merges: absent fields kept, nested objects merged, arrays replaced',
    async (method) => {
      const id = await created('car');
      const before = (await api('GET', `/v4/car/${id}`)).body;
      const reply = await api(method, `/v4/car/${id}`, {
        body: updateBody(method, 'car', {
          category_fields: { mileage: 99 },
          price: [{ type: 'reduced', amount: 100, currency: 'SEK' }],
        }),
      });
      expect(reply.status).toBe(200);
      expect(reply.body.category_fields).toEqual({ ...before.category_fields, mileage: 99 });
      expect(reply.body.price).toEqual([{ type: 'reduced', amount: 100, currency: 'SEK' }]);
      expect(reply.body.url).toBe(before.url);
      settle();
      expect(logLine((await api('GET', `/v4/car/${id}`)).body).slice(6)).toEqual([
        'update:processing',
        'update:done',
        'handle_media:processing',
        'handle_media:done',
        'publish:processing',
        'publish:done',
      ]);
    },
  );

  it('null clears a nullable field', async () => {
    const id = await created('car');
    const reply = await api('PATCH', `/v4/car/${id}`, { body: { url: null, location: null } });
    expect(reply.status).toBe(200);
    expect([reply.body.url, reply.body.location]).toEqual([null, null]);
  });

  it('image_urls replace the whole list; the same URL keeps its checksum and id', async () => {
    const id = await created('car');
    const first = (await api('GET', `/v4/car/${id}`)).body.image_refs;
    await api('PATCH', `/v4/car/${id}`, { body: { image_urls: [first[1]?.url] } });
    settle();
    const refs = (await api('GET', `/v4/car/${id}`)).body.image_refs;
    expect(refs).toEqual([first[1]]);
    expect(refs[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('revives a deleted ad of a non-registered type (state created again once the update is done)', async () => {
    const id = await created('boat');
    await api('DELETE', `/v4/boat/${id}`);
    settle();
    expect((await api('GET', `/v4/boat/${id}`)).body.state).toBe('deleted');
    const reply = await api('PATCH', `/v4/boat/${id}`, { body: { body: 'Back for sale' } });
    expect(reply.status).toBe(200);
    settle();
    expect((await api('GET', `/v4/boat/${id}`)).body).toMatchObject({
      state: 'created',
      body: 'Back for sale',
    });
  });

  it('refuses to update a deleted registered vehicle with a non-field 400', async () => {
    const id = await created('car');
    await api('DELETE', `/v4/car/${id}`);
    settle();
    for (const method of ['PUT', 'PATCH']) {
      expect(
        await api(method, `/v4/car/${id}`, {
          body: updateBody(method, 'car', { category_fields: { mileage: 1 } }),
        }),
      ).toMatchObject({ status: 400, body: ['Ad has been deleted, cannot update'] });
    }
  });

  it('a visible: false update of a published ad unpublishes it', async () => {
    const id = await created('car');
    await api('PATCH', `/v4/car/${id}`, { body: { visible: false } });
    settle();
    expect(logLine((await api('GET', `/v4/car/${id}`)).body).slice(-2)).toEqual([
      'unpublish:processing',
      'unpublish:done',
    ]);
  });

  it('a typed endpoint does not see ads of another category (404)', async () => {
    const id = await created('boat');
    expect((await api('PATCH', `/v4/car/${id}`, { body: {} })).status).toBe(404);
    expect((await api('GET', `/v4/ad/${id}`)).status).toBe(200);
  });
});

describe('DELETE', () => {
  it('answers with state created; the worker unpublishes then deletes and the state flips; still readable', async () => {
    const id = await created('car');
    const reply = await api('DELETE', `/v4/car/${id}`);
    expect(reply).toMatchObject({ status: 200, body: { state: 'created' } });
    ctx.fake.clock.advance(1000);
    expect((await api('GET', `/v4/car/${id}`)).body.state).toBe('created');
    settle();
    const ad = (await api('GET', `/v4/car/${id}`)).body;
    expect(ad.state).toBe('deleted');
    expect(logLine(ad).slice(6)).toEqual([
      'unpublish:processing',
      'unpublish:done',
      'delete:processing',
      'delete:done',
    ]);
  });

  it('an unpublished (hidden) ad is only deleted', async () => {
    const id = await created('car', { visible: false });
    await api('DELETE', `/v4/ad/${id}`);
    settle();
    expect(logLine((await api('GET', `/v4/ad/${id}`)).body).slice(4)).toEqual([
      'delete:processing',
      'delete:done',
    ]);
  });
});

describe('images', () => {
  it('a URL on a .invalid host fails handle_media naming the URL; the ad is still published', async () => {
    const bad = 'https://images.dealer.invalid/car.jpg';
    const id = await created('car', { image_urls: [bad, 'https://cdn.example.com/ok.png'] });
    const ad = (await api('GET', `/v4/car/${id}`)).body;
    const media = ad.log.find(
      (e: { action: string; state: string }) => e.action === 'handle_media' && e.state === 'error',
    );
    expect(media?.external_message).toContain(bad);
    expect(ad.image_refs.map((r: { url: string }) => r.url)).toEqual(['https://cdn.example.com/ok.png']);
    expect(ad.blocket_ad_id).not.toBeNull();
  });

  it.each([
    ['ftp://cdn.example.com/a.jpg', 'only http and https'],
    ['https://cdn.example.com/a.gif', 'not a JPG or PNG'],
    ['https://cdn.example.invalid/a.jpg', 'host cdn.example.invalid not found'],
    ['https://cdn.example.com/a.JPEG', undefined],
    ['http://cdn.example.com/a.png', undefined],
  ])('the worker fetches %s: %s', (url, problem) => {
    const found = imageProblem(url);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  it('with dont_publish_on_failed_images a failed image stops publishing', async () => {
    const id = await created('car', {
      image_urls: ['https://x.invalid/a.jpg'],
      dont_publish_on_failed_images: true,
    });
    const ad = (await api('GET', `/v4/car/${id}`)).body;
    expect(logLine(ad)).toEqual([
      'create:processing',
      'create:done',
      'handle_media:processing',
      'handle_media:error',
    ]);
    expect(ad.blocket_ad_id).toBeNull();
  });
});

describe('bump, pole position, retry', () => {
  it('bump renews a visible ad; refused when hidden or deleted (publishing first is not a documented prerequisite)', async () => {
    const id = await created('car');
    expect((await api('GET', `/v4/car/${id}/bump?exclude_bytbil=true`)).status).toBe(200);
    settle();
    const entry = (await api('GET', `/v4/car/${id}/log?action=bump&state=done`)).body.results[0];
    expect(entry?.external_message).toBe('Ad renewed on Blocket.');

    const hidden = await created('car', { visible: false });
    expect(await api('GET', `/v4/car/${hidden}/bump`)).toMatchObject({
      status: 400,
      body: ['Ad is not visible, cannot bump'],
    });

    const fresh = factory.buildAd('car');
    await api('POST', '/v4/car', { body: fresh });
    expect((await api('GET', `/v4/car/${fresh.source_id}/bump`)).status).toBe(200);
    settle();
    await api('DELETE', `/v4/car/${fresh.source_id}`);
    settle();
    expect(await api('GET', `/v4/car/${fresh.source_id}/bump`)).toMatchObject({
      status: 400,
      body: ['Ad has been deleted, cannot bump'],
    });
  });

  it('bump exclusion flags on a non-registered type are accepted and ignored ("For registered vehicles, you can choose to exclude"), both at once renew nowhere', async () => {
    const id = await created('boat');
    settle();
    for (const query of ['exclude_blocket=true', 'exclude_bytbil=true', 'exclude_blocket=true&exclude_bytbil=true']) {
      expect((await api('GET', `/v4/boat/${id}/bump?${query}`)).status, query).toBe(200);
      settle();
    }
    const boat = (await api('GET', `/v4/boat/${id}`)).body;
    // Nothing to exclude on a boat: it is only on Blocket.
    expect(boat.log.filter((e) => e.action === 'bump' && e.state === 'done').map((e) => e.external_message)).toEqual(['Ad renewed on Blocket.', 'Ad renewed on Blocket.', 'Ad renewed on Blocket.']);
    const car = await created('car');
    settle();
    expect((await api('GET', `/v4/car/${car}/bump?exclude_blocket=true&exclude_bytbil=true`)).status).toBe(200);
    settle();
    const renewed = (await api('GET', `/v4/car/${car}`)).body.log.filter((e) => e.action === 'bump' && e.state === 'done');
    expect(renewed.map((e) => e.external_message)).toEqual(['Ad renewed on no marketplace: both were excluded.']);
    expect(await api('GET', `/v4/boat/${id}/bump?exclude_blocket=maybe`)).toMatchObject({
      status: 400,
      body: { exclude_blocket: ['Must be a valid boolean.'] },
    });
  });

  it('pole position: registered only, boost logged, refused while active (3 days), allowed again after', async () => {
    const boat = await created('boat');
    expect(await api('GET', `/v4/boat/${boat}/pole_position`)).toMatchObject({
      status: 400,
      body: ['Pole Position is only available for registered vehicles.'],
    });

    const id = await created('car');
    expect((await api('GET', `/v4/car/${id}/pole_position`)).status).toBe(200);
    expect(await api('GET', `/v4/car/${id}/pole_position`)).toMatchObject({
      status: 400,
      body: ['Pole Position is already queued for this ad.'],
    });
    settle();
    expect(logLine((await api('GET', `/v4/car/${id}`)).body).slice(-2)).toEqual([
      'boost:processing',
      'boost:done',
    ]);
    const active = await api('GET', `/v4/car/${id}/pole_position`);
    expect(active.status).toBe(400);
    expect(active.body[0]).toMatch(/^Pole Position is already active until /);
    ctx.fake.clock.advance(3 * 24 * 3600 * 1000);
    expect((await api('GET', `/v4/car/${id}/pole_position`)).status).toBe(200);
  });

  it('retry re-queues the failed action and those it prevented, under a new request_id', async () => {
    const body = factory.buildAd('car');
    ctx.fake.faults.failAction({
      action: 'handle_media',
      sourceIds: [String(body.source_id)],
      times: 1,
      message: 'CDN down',
    });
    await api('POST', '/v4/car', { body: { ...body, dont_publish_on_failed_images: true } });
    settle();
    const failed = (await api('GET', `/v4/car/${body.source_id}`)).body;
    expect(logLine(failed).slice(-1)).toEqual(['handle_media:error']);
    expect(failed.log.at(-1)?.external_message).toBe('CDN down');

    const retried = await api('GET', `/v4/car/${body.source_id}/retry`);
    expect(retried.status).toBe(200);
    settle();
    const after = (await api('GET', `/v4/car/${body.source_id}`)).body;
    expect(logLine(after).slice(4)).toEqual([
      'handle_media:processing',
      'handle_media:done',
      'publish:processing',
      'publish:done',
    ]);
    expect(after.log[4]?.request_id).not.toBe(after.log[0]?.request_id);
    expect(after.blocket_ad_id).not.toBeNull();
  });

  it('retry re-queues a healthy ad too ("Re-queue ad for processing"), and answers a deleted one with the ad, re-queueing nothing', async () => {
    const id = await created('boat');
    settle();
    const retried = await api('GET', `/v4/boat/${id}/retry`);
    expect(retried.status).toBe(200);
    settle();
    const after = (await api('GET', `/v4/boat/${id}`)).body;
    expect(logLine(after).slice(6)).toEqual(['handle_media:processing', 'handle_media:done', 'publish:processing', 'publish:done']);
    await api('DELETE', `/v4/boat/${id}`);
    settle();
    const entries = (await api('GET', `/v4/boat/${id}`)).body.log.length;
    expect(await api('GET', `/v4/boat/${id}/retry`)).toMatchObject({ status: 200, body: { state: 'deleted' } });
    settle();
    const deleted = (await api('GET', `/v4/boat/${id}`)).body;
    expect([deleted.state, deleted.log.length]).toEqual(['deleted', entries]);
  });

  it('bump needs the dealer\'s bump permission ("for at least one marketplace"), granted unless revoked', async () => {
    const id = await created('car');
    ctx.fake.setBumpPermission('D1', false);
    expect(await api('GET', `/v4/car/${id}/bump`)).toMatchObject({
      status: 400,
      body: ['The dealer has no bump permission for any marketplace, cannot bump'],
    });
    ctx.fake.setBumpPermission('D1', true);
    expect((await api('GET', `/v4/car/${id}/bump`)).status).toBe(200);
  });

  it('V3: an ad on pole position cannot be bumped ("Currently, ads on pole position cannot be bumped/renewed")', async () => {
    const id = await created('car');
    settle();
    expect((await api('GET', `/v4/car/${id}/pole_position`)).status).toBe(200);
    settle();
    expect(await api('GET', `/v3/ad/${id}/bump`)).toMatchObject({ status: 400, body: ['Ads on pole position cannot be bumped/renewed.'] });
    // The V4 edition states no such rule, so the V4 endpoint does not invent it.
    expect((await api('GET', `/v4/car/${id}/bump`)).status).toBe(200);
  });

  it('a forced publish error stops the job; retry publishes', async () => {
    const body = factory.buildAd('boat');
    ctx.fake.faults.failAction({ action: 'publish', sourceIds: [String(body.source_id)], times: 1 });
    await api('POST', '/v4/boat', { body });
    settle();
    expect((await api('GET', `/v4/ad/${body.source_id}`)).body.blocket_ad_id).toBeNull();
    await api('GET', `/v4/ad/${body.source_id}/retry`);
    settle();
    expect((await api('GET', `/v4/ad/${body.source_id}`)).body.blocket_ad_id).not.toBeNull();
  });
});
