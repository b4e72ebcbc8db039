import { describe, expect, it } from 'vitest';
import { addImage, createImprint, createListing, LISTING, LOCALIZED, publish, SHOP, useMswFake } from './helpers.js';

describe('listings', () => {
  const { ctx, api } = useMswFake();

  it('create answers 201 {uuid}; GET shows exactly the documented fields, price as adPrice, urls empty', async () => {
    const created = await api('POST', '/v1/listings', { body: { ...LISTING, unknownField: 1, urls: ['x'], uuid: 'mine' } });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(['uuid']);
    const uuid = created.body.uuid;
    const { price, ...rest } = LISTING;
    expect((await api('GET', `/v1/listings/${uuid}`)).body).toEqual({ uuid, ...rest, adPrice: price, userId: SHOP.userId, urls: [] });
  });

  it('fields never set read as null (G-6)', async () => {
    const uuid = await createListing(api, { title: 'T', category: 'C', description: 'D' });
    expect((await api('GET', `/v1/listings/${uuid}`)).body).toMatchObject({ attributes: null, adPrice: null, email: null, buyNow: null });
  });

  it('PUT is partial: absent stays, null clears, attributes are replaced whole (G-11); 204', async () => {
    const uuid = await createListing(api);
    const reply = await api('PUT', `/v1/listings/${uuid}`, { body: { title: 'New', email: null, attributes: { condition: 'new' } } });
    expect([reply.status, reply.text]).toEqual([204, '']);
    expect((await api('GET', `/v1/listings/${uuid}`)).body).toMatchObject({
      title: 'New',
      description: LISTING.description,
      email: null,
      attributes: { condition: 'new' },
      adPrice: LISTING.price,
    });
  });

  it('a documented rule refuses with the style-A 400: detail, top-level errors, instance, localized members (G-10)', async () => {
    const uuid = await createListing(api);
    const reply = await api('PUT', `/v1/listings/${uuid}`, { body: { price: { type: 'FIXED' } } });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      type: 'about:blank',
      status: 400,
      title: 'Bad Request',
      detail: 'Invalid request content.',
      instance: `/api/v1/listings/${uuid}`,
      errors: [{ field: 'price.amount', message: 'must not be null' }],
      ...LOCALIZED,
    });
    expect(Object.keys(reply.body)).toEqual(['type', 'status', 'title', 'detail', 'instance', 'errors', 'localizedTitle', 'localizedDetail', 'localizedMessage']);
  });

  it('reconstructed rules only warn (a create without title is stored) unless the fake is strict', async () => {
    expect((await api('POST', '/v1/listings', { body: { category: 'C', typo: 1 } })).status).toBe(201);
  });

  it('an imprint is created with 201 {uuid}; content must be a string (documented)', async () => {
    const created = await api('POST', '/v1/imprints', { body: { content: 'Muster GmbH' } });
    expect([created.status, typeof created.body.uuid]).toEqual([201, 'string']);
    const bad = await api('POST', '/v1/imprints', { body: { content: 5 } });
    expect([bad.status, bad.body.instance, bad.body.errors]).toEqual([
      400,
      '/api/v1/imprints',
      [{ field: 'content', message: 'Cannot deserialize value of type `java.lang.String` from Integer value' }],
    ]);
  });

  it.each([
    ['malformed JSON', '{"title": ', 'application/json', 400, 'Failed to read request'],
    ['no body', '', 'application/json', 400, 'Failed to read request'],
    ['a JSON array', '[]', 'application/json', 400, 'Failed to read request'],
    ['text/plain', '{}', 'text/plain', 415, "Content-Type 'text/plain' is not supported."],
  ])('%s answers %i %s', async (_name, raw, type, status, detail) => {
    const reply = await api('POST', '/v1/listings', { raw, headers: { 'content-type': type } });
    expect(reply.body).toEqual({ type: 'about:blank', status, title: status === 415 ? 'Unsupported Media Type' : 'Bad Request', detail, instance: '/api/v1/listings', ...LOCALIZED });
  });

  it('an unknown listing is the documented 404 body', async () => {
    const uuid = '123e4567-e89b-12d3-a456-426614174000';
    const reply = await api('GET', `/v1/listings/${uuid}`);
    expect([reply.status, reply.body]).toEqual([
      404,
      { type: 'about:blank', status: 404, title: 'Not Found', detail: 'Listing not found', instance: `/api/v1/listings/${uuid}`, ...LOCALIZED },
    ]);
  });

  it('DELETE is a soft delete, 204, and a second DELETE is 204 again (a retry is not a failure); GET, PUT, media and publishing are then 404; publications are DELETED and readable (G-14)', async () => {
    const uuid = await createListing(api);
    const imprint = await createImprint(api);
    const pub = await publish(api, uuid, imprint);
    ctx.fake.clock.advance(1_000);
    expect((await api('DELETE', `/v1/listings/${uuid}`)).status).toBe(204);
    const again = await api('DELETE', `/v1/listings/${uuid}`);
    expect([again.status, again.text]).toEqual([204, '']);
    // Another account's deleted listing is still not found.
    expect((await api('DELETE', `/v1/listings/${uuid}`, { token: ctx.other })).status).toBe(404);
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['PUT', '', { title: 'x' }],
      ['PUT', '/media/order', { urls: [] }],
      ['DELETE', '/media?urls=a', undefined],
      ['POST', '/publications', { imprintUuid: imprint }],
    ] as const) {
      const reply = await api(method, `/v1/listings/${uuid}${path}`, body === undefined ? {} : { body });
      expect([method, path, reply.status, reply.body.detail]).toEqual([method, path, 404, 'Listing not found']);
    }
    const publications = await api('GET', `/v1/listings/${uuid}/publications`);
    expect(publications.body).toEqual([expect.objectContaining({ uuid: pub, status: 'DELETED', pendingChanges: false })]);
    expect(ctx.fake.getListing(uuid)?.deleted).toBe(true);
  });

  it('the guides\' singular shorthand paths are aliases of the same resources', async () => {
    const created = await api('POST', '/listing', { body: LISTING });
    expect(created.status).toBe(201);
    const uuid = created.body.uuid;
    expect((await api('GET', `/listing/${uuid}`)).body.uuid).toBe(uuid);
    expect((await api('GET', `/v1/listing/${uuid}`)).body.uuid).toBe(uuid);
    const urls = await addImage(api, uuid);
    expect((await api('PUT', `/listing/${uuid}/media/order`, { body: { urls } })).status).toBe(204);
    const imprint = await createImprint(api);
    const pub = await api('POST', `/listings/${uuid}/publication`, { body: { imprintUuid: imprint } });
    expect(pub.status).toBe(202);
    ctx.fake.clock.advance(1_000);
    const one = await api('GET', `/listing/${uuid}/publication/${pub.body.uuid}`);
    expect([one.status, one.body.status]).toEqual([200, 'PUBLISHED']);
    const republished = await api('PUT', `/v1/listings/${uuid}/publication/${pub.body.uuid}?requestedState=PUBLISHED`, { body: {} });
    expect(republished.status).toBe(204);
    // Problems name the canonical plural path.
    expect((await api('GET', `/listing/${'0'.repeat(8)}`)).body.instance).toBe(`/api/v1/listings/${'0'.repeat(8)}`);
  });

  it('unknown goods paths are a style-A 404, wrong methods a 405 with Allow', async () => {
    const missing = await api('GET', '/v1/nothing');
    expect([missing.status, missing.body.title, missing.body.instance]).toEqual([404, 'Not Found', '/api/v1/nothing']);
    const wrong = await api('PATCH', '/v1/listings/abc', { body: {} });
    expect([wrong.status, wrong.headers.get('allow'), wrong.body.detail]).toEqual([405, 'DELETE, GET, PUT', "Method 'PATCH' is not supported."]);
  });
});

describe('listings with strict: true', () => {
  const { api } = useMswFake({ strict: true });

  it('refuses the reconstructed rules too: a missing title, an unknown field', async () => {
    const reply = await api('POST', '/v1/listings', { body: { category: 'C', description: 'D', typo: 1 } });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([
      { field: 'title', message: 'must not be null' },
      { field: 'typo', message: 'must not be present' },
    ]);
  });
});
