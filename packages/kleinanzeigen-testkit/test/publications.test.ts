import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
import { describe, expect, it } from 'vitest';
import { addImage, createImprint, createListing, LISTING, LOCALIZED, publish, SHOP, START, useMswFake } from './helpers.js';

const at = (ms: number) => new Date(ms).toISOString();

describe('publications (G-12, G-13, G-15, G-16)', () => {
  const { ctx, api } = useMswFake({ latencyMs: 1000 });

  async function published(): Promise<{ listing: string; imprint: string; pub: string; path: string }> {
    const listing = await createListing(api);
    const imprint = await createImprint(api);
    const pub = await publish(api, listing, imprint);
    ctx.fake.clock.advance(1_000);
    return { listing, imprint, pub, path: `/v1/listings/${listing}/publications/${pub}` };
  }

  it('create is 202 {uuid}; PENDING until the clock reaches the latency, then PUBLISHED with an ad id', async () => {
    const listing = await createListing(api);
    const imprint = await createImprint(api);
    const reply = await api('POST', `/v1/listings/${listing}/publications`, { body: { imprintUuid: imprint, location: { zipCode: '10115', city: 'Berlin' } } });
    expect([reply.status, Object.keys(reply.body)]).toEqual([202, ['uuid']]);
    const path = `/v1/listings/${listing}/publications/${reply.body.uuid}`;
    expect((await api('GET', path)).body).toEqual({
      uuid: reply.body.uuid,
      listingUuid: listing,
      imprintUuid: imprint,
      status: 'PENDING',
      statusReason: null,
      location: { zipCode: '10115', city: 'Berlin', latitude: null, longitude: null },
      createdAt: at(START),
      updatedAt: at(START),
      pendingChanges: false,
      adId: null,
    });
    ctx.fake.clock.advance(999);
    expect((await api('GET', path)).body.status).toBe('PENDING');
    ctx.fake.clock.advance(1);
    expect((await api('GET', path)).body).toMatchObject({ status: 'PUBLISHED', adId: expect.stringMatching(/^\d{10}$/), updatedAt: at(START + 1_000) });
    expect((await api('GET', `/v1/listings/${listing}/publications`)).body).toEqual([expect.objectContaining({ uuid: reply.body.uuid, status: 'PUBLISHED' })]);
  });

  it('a listing without a numeric price (price on request), title or description publishes: no document names a rejection reason (G-13)', async () => {
    for (const body of [{ title: 'T', category: 'C', description: 'D' }, { category: 'C' }, { title: 'T', category: 'C', description: 'D', price: null }]) {
      const listing = await createListing(api, body);
      const pub = await publish(api, listing, await createImprint(api));
      ctx.fake.clock.advance(1_000);
      expect((await api('GET', `/v1/listings/${listing}/publications/${pub}`)).body).toMatchObject({ status: 'PUBLISHED', statusReason: null, adId: expect.any(String) });
    }
  });

  it('"the update also applies to every publication linked to the listing": an edit leaves no pending changes; image changes do (G-19)', async () => {
    const { listing, path } = await published();
    expect((await api('PUT', `/v1/listings/${listing}`, { body: { price: { type: 'FIXED', amount: 5 }, title: 'Neu' } })).status).toBe(204);
    expect((await api('GET', path)).body).toMatchObject({ status: 'PUBLISHED', pendingChanges: false });
    await addImage(api, listing);
    expect((await api('GET', path)).body.pendingChanges).toBe(true);
  });

  it('a forced rejection (fake.faults or the admin API) rejects the next validation with its reason', async () => {
    const listing = await createListing(api);
    ctx.fake.faults.rejectPublications({ listingUuid: listing, reason: 'Prohibited item.' });
    const pub = await publish(api, listing, await createImprint(api));
    ctx.fake.clock.advance(1_000);
    expect((await api('GET', `/v1/listings/${listing}/publications/${pub}`)).body).toMatchObject({ status: 'REJECTED', statusReason: 'Prohibited item.' });
    const admin = await api('POST', 'https://developer.kleinanzeigen.de/__fake/faults/rejections', { body: { publicationUuid: pub }, token: null });
    expect(admin.status).toBe(201);
    expect((await api('PUT', `/v1/listings/${listing}/publications/${pub}?requestedState=PUBLISHED`, { body: {} })).status).toBe(204);
    expect(ctx.fake.runValidations()).toBe(1);
    expect((await api('GET', `/v1/listings/${listing}/publications/${pub}`)).body).toMatchObject({
      status: 'REJECTED',
      statusReason: 'Rejected by moderation (forced by the fake).',
    });
  });

  it('republish with {} goes PENDING, then PUBLISHED or PAUSED as requested; edits are pending until then (G-19)', async () => {
    const { listing, path } = await published();
    expect((await api('GET', path)).body.pendingChanges).toBe(false);
    await addImage(api, listing);
    expect((await api('GET', path)).body.pendingChanges).toBe(true);
    const reply = await api('PUT', `${path}?requestedState=PAUSED`, { body: {} });
    expect([reply.status, reply.text]).toEqual([204, '']);
    expect((await api('GET', path)).body.status).toBe('PENDING');
    ctx.fake.clock.advance(1_000);
    expect((await api('GET', path)).body).toMatchObject({ status: 'PAUSED', pendingChanges: false });
  });

  it('republish refuses a body other than {} and a missing or wrong requestedState with style-B 400s', async () => {
    const { path } = await published();
    const instance = `/api${path}`;
    const body = await api('PUT', `${path}?requestedState=PUBLISHED`, { body: { requestedState: 'PUBLISHED' } });
    expect(body.body).toEqual({
      status: 400,
      title: 'BAD_REQUEST',
      detail: 'The body must be the empty JSON object {} (requestedState must not be present).',
      instance: `${instance}?requestedState=PUBLISHED`,
    });
    const none = await api('PUT', `${path}?requestedState=PUBLISHED`, { raw: '', headers: { 'content-type': 'application/json' } });
    expect([none.status, none.body.title, none.body.detail]).toEqual([400, 'BAD_REQUEST', 'Failed to read request']);
    expect((await api('PUT', path, { body: {} })).body).toEqual({ status: 400, title: 'BAD_REQUEST', detail: "Required parameter 'requestedState' is not present.", instance });
    expect((await api('PUT', `${path}?requestedState=RESUMED`, { body: {} })).body.detail).toBe("Invalid requestedState 'RESUMED': use PUBLISHED or PAUSED.");
  });

  it('republish while PENDING starts the validation again and ends in the state it asks for (G-15: 409 only in strict mode)', async () => {
    const listing = await createListing(api);
    const pub = await publish(api, listing, await createImprint(api));
    const path = `/v1/listings/${listing}/publications/${pub}`;
    ctx.fake.clock.advance(500);
    const reply = await api('PUT', `${path}?requestedState=PAUSED`, { body: {} });
    expect([reply.status, reply.text]).toEqual([204, '']);
    ctx.fake.clock.advance(500);
    expect((await api('GET', path)).body.status).toBe('PENDING');
    ctx.fake.clock.advance(500);
    expect((await api('GET', path)).body).toMatchObject({ status: 'PAUSED', adId: expect.any(String) });
  });

  it('/state pauses and resumes; the state it has is a no-op; while PENDING it sets the state the validation ends in; on REJECTED it changes nothing (G-15)', async () => {
    const { listing, path } = await published();
    expect((await api('PUT', `${path}/state?requestedState=PAUSED`)).status).toBe(204);
    expect((await api('GET', path)).body.status).toBe('PAUSED');
    expect((await api('PUT', `${path}/state?requestedState=PAUSED`)).status).toBe(204);
    expect((await api('PUT', `${path}/state?requestedState=RESUMED`)).status).toBe(204);
    expect((await api('GET', path)).body.status).toBe('PUBLISHED');
    expect((await api('PUT', `${path}/state?requestedState=RESUMED`)).status).toBe(204);
    expect((await api('PUT', `${path}?requestedState=PUBLISHED`, { body: {} })).status).toBe(204);
    expect((await api('PUT', `${path}/state?requestedState=PAUSED`)).status).toBe(204);
    expect((await api('GET', path)).body.status).toBe('PENDING');
    ctx.fake.clock.advance(1_000);
    expect((await api('GET', path)).body.status).toBe('PAUSED');
    ctx.fake.faults.rejectPublications({ listingUuid: listing });
    expect((await api('PUT', `${path}?requestedState=PUBLISHED`, { body: {} })).status).toBe(204);
    ctx.fake.clock.advance(1_000);
    for (const requestedState of ['PAUSED', 'RESUMED']) {
      expect((await api('PUT', `${path}/state?requestedState=${requestedState}`)).status).toBe(204);
      expect((await api('GET', path)).body.status).toBe('REJECTED');
    }
    const invalid = await api('PUT', `${path}/state?requestedState=PUBLISHED`);
    expect(invalid.body).toEqual({
      status: 400,
      title: 'BAD_REQUEST',
      detail: "Invalid requestedState 'PUBLISHED': use PAUSED or RESUMED.",
      instance: `/api${path}?requestedState=PUBLISHED`,
    });
  });

  it('the documented style-B bodies: an unknown publication is 404, one of another listing is the "ID Mismatch" 400', async () => {
    const { listing, pub } = await published();
    const other = await createListing(api);
    const unknown = '789e4567-e89b-12d3-a456-426614174999';
    const notFound = await api('PUT', `/v1/listings/${listing}/publications/${unknown}/state?requestedState=PAUSED`);
    expect(notFound.body).toEqual({
      status: 404,
      title: 'NOT_FOUND',
      detail: `Publication ${unknown} not found`,
      instance: `/api/v1/listings/${listing}/publications/${unknown}?requestedState=PAUSED`,
    });
    const mismatch = await api('PUT', `/v1/listings/${other}/publications/${pub}/state?requestedState=PAUSED`);
    expect([mismatch.status, mismatch.body.title, mismatch.body.detail]).toEqual([400, 'BAD_REQUEST', `Publication ${pub} does not belong to the Listing ${other}.`]);
    const getOther = await api('GET', `/v1/listings/${other}/publications/${pub}`);
    expect([getOther.status, getOther.body.type, getOther.body.detail]).toEqual([404, 'about:blank', `Publication ${pub} not found`]);
    expect((await api('PUT', `/v1/listings/${listing}/publications/${pub}/state?requestedState=PAUSED`, { token: ctx.other })).body.title).toBe('NOT_FOUND');
  });

  it('after the listing is deleted its publications are DELETED; republish and /state change nothing (204; strict mode: 409)', async () => {
    const { listing, path } = await published();
    expect((await api('DELETE', `/v1/listings/${listing}`)).status).toBe(204);
    expect((await api('GET', path)).body.status).toBe('DELETED');
    expect((await api('PUT', `${path}?requestedState=PUBLISHED`, { body: {} })).status).toBe(204);
    expect((await api('PUT', `${path}/state?requestedState=RESUMED`)).status).toBe(204);
    expect(ctx.fake.pendingValidations()).toBe(0);
    expect((await api('GET', path)).body.status).toBe('DELETED');
  });

  it('deleting a listing during validation cancels it: the publication stays DELETED', async () => {
    const listing = await createListing(api);
    const pub = await publish(api, listing, await createImprint(api));
    expect((await api('DELETE', `/v1/listings/${listing}`)).status).toBe(204);
    ctx.fake.clock.advance(5_000);
    expect(ctx.fake.getPublication(pub)?.status).toBe('DELETED');
    expect(ctx.fake.pendingValidations()).toBe(0);
  });

  it('a second publication under the same imprint is created (G-12: 409 only in strict mode); an unknown or foreign imprint is a 400 field error', async () => {
    const listing = await createListing(api);
    const imprint = await createImprint(api);
    const first = await publish(api, listing, imprint);
    const again = await api('POST', `/v1/listings/${listing}/publications`, { body: { imprintUuid: imprint } });
    expect(again.status).toBe(202);
    expect((await api('GET', `/v1/listings/${listing}/publications`)).body).toEqual([
      expect.objectContaining({ uuid: first, imprintUuid: imprint }),
      expect.objectContaining({ uuid: again.body.uuid, imprintUuid: imprint }),
    ]);
    const foreign = await createImprint(api, ctx.other);
    for (const imprintUuid of [foreign, '123e4567-e89b-12d3-a456-426614174000']) {
      const reply = await api('POST', `/v1/listings/${listing}/publications`, { body: { imprintUuid } });
      expect(reply.body).toEqual({
        type: 'about:blank',
        status: 400,
        title: 'Bad Request',
        detail: 'Invalid request content.',
        instance: `/api/v1/listings/${listing}/publications`,
        errors: [{ field: 'imprintUuid', message: 'imprint not found' }],
        ...LOCALIZED,
      });
    }
  });

  it("the client's createAndWait and republishAndWait run against the fake on its clock", async () => {
    ctx.fake.latencyMs = 0;
    const client = createKleinanzeigenClient({ clientId: SHOP.clientId, clientSecret: SHOP.clientSecret, retry: false });
    const { uuid } = await client.listings.create(LISTING);
    const { uuid: imprintUuid } = await client.imprints.create({ content: 'Muster GmbH' });
    const waiting = client.publications.createAndWait(uuid, { imprintUuid }, { pollMs: 1 });
    const timer = setInterval(() => ctx.fake.clock.advance(0), 1);
    try {
      expect((await waiting).status).toBe('PUBLISHED');
    } finally {
      clearInterval(timer);
    }
  });
});

describe('publications are kept per listing', () => {
  const { ctx, api } = useMswFake({ latencyMs: 1000 });

  it("lists each listing's own publications in creation order, also after the state is saved and loaded", async () => {
    const imprints = [await createImprint(api), await createImprint(api)];
    const listings = [await createListing(api), await createListing(api), await createListing(api)];
    const made = new Map<string, string[]>();
    for (const imprint of imprints) {
      for (const listing of listings) made.set(listing, [...(made.get(listing) ?? []), await publish(api, listing, imprint)]);
    }
    const listed = async (listing: string) => ((await api('GET', `/v1/listings/${listing}/publications`)).body as unknown as Array<{ uuid: string }>).map((p) => p.uuid);
    for (const listing of listings) expect(await listed(listing)).toEqual(made.get(listing));
    ctx.fake.load(ctx.fake.snapshot());
    for (const listing of listings) expect(await listed(listing)).toEqual(made.get(listing));
  });

  it('takes the imprint under the other plausible names of the field (G-12: the name is our design)', async () => {
    const imprint = await createImprint(api);
    for (const body of [{ imprintId: imprint }, { imprint_uuid: imprint }, { imprintUUID: imprint }, { imprint }, { imprint: { uuid: imprint } }]) {
      const listing = await createListing(api);
      const reply = await api('POST', `/v1/listings/${listing}/publications`, { body });
      expect([JSON.stringify(body), reply.status]).toEqual([JSON.stringify(body), 202]);
      expect(ctx.fake.getPublication(reply.body.uuid)?.imprintUuid).toBe(imprint);
    }
    const none = await api('POST', `/v1/listings/${await createListing(api)}/publications`, { body: { imprintNumber: imprint } });
    expect([none.status, none.body.errors]).toEqual([400, [{ field: 'imprintUuid', message: 'imprint not found' }]]);
  });
});

describe('publications with strict: true: the reconstructed state machine refuses (x-rules of the snapshot)', () => {
  const { ctx, api } = useMswFake({ strict: true, latencyMs: 1000 });

  async function pending(): Promise<{ listing: string; imprint: string; path: string }> {
    const listing = await createListing(api);
    const imprint = await createImprint(api);
    const pub = await publish(api, listing, imprint);
    return { listing, imprint, path: `/v1/listings/${listing}/publications/${pub}` };
  }

  it('republish and pause while PENDING are 409 (style B)', async () => {
    const { path } = await pending();
    const republish = await api('PUT', `${path}?requestedState=PUBLISHED`, { body: {} });
    expect([republish.status, republish.body.title, republish.body.type]).toEqual([409, 'CONFLICT', undefined]);
    const pause = await api('PUT', `${path}/state?requestedState=PAUSED`);
    expect([pause.status, pause.body.title]).toEqual([409, 'CONFLICT']);
  });

  it('a listing without a price is REJECTED with a statusReason; pause while REJECTED is 409; fixed and republished, it publishes', async () => {
    const listing = await createListing(api, { title: 'T', category: 'C', description: 'D' });
    const pub = await publish(api, listing, await createImprint(api));
    const path = `/v1/listings/${listing}/publications/${pub}`;
    ctx.fake.clock.advance(1_000);
    expect((await api('GET', path)).body).toMatchObject({
      status: 'REJECTED',
      statusReason: `The listing lacks price: add it with PUT /v1/listings/${listing}, then republish.`,
      adId: null,
    });
    expect((await api('PUT', `${path}/state?requestedState=PAUSED`)).status).toBe(409);
    expect((await api('PUT', `/v1/listings/${listing}`, { body: { price: { type: 'FIXED', amount: 5 } } })).status).toBe(204);
    expect((await api('PUT', `${path}?requestedState=PUBLISHED`, { body: {} })).status).toBe(204);
    ctx.fake.clock.advance(1_000);
    expect((await api('GET', path)).body).toMatchObject({ status: 'PUBLISHED', pendingChanges: false, statusReason: null });
  });

  it('a second publication under the same imprint is 409; republish and /state of a DELETED publication are 409', async () => {
    const { listing, imprint, path } = await pending();
    const again = await api('POST', `/v1/listings/${listing}/publications`, { body: { imprintUuid: imprint } });
    expect([again.status, again.body.title]).toEqual([409, 'Conflict']);
    expect((await api('DELETE', `/v1/listings/${listing}`)).status).toBe(204);
    expect((await api('PUT', `${path}?requestedState=PUBLISHED`, { body: {} })).status).toBe(409);
    expect((await api('PUT', `${path}/state?requestedState=RESUMED`)).status).toBe(409);
  });
});
