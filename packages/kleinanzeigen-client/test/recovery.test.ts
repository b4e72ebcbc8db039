import { describe, expect, it } from 'vitest';
import { KleinanzeigenNotFoundError, KleinanzeigenOutcomeUnknownError } from '../src/index.js';
import type { FakeApi, Next } from './fake-api.js';
import type { Received, Reply } from './server.js';
import { clientFor, fakeApi } from './support.js';

// Issue 19 item 2: what the client recovers by itself, and what it reports as "outcome unknown".
const IMPRINT = '123e4567-e89b-12d3-a456-426614174000';
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

/** Answers `reply` to the first `times` requests that match, then passes. */
function failFirst(api: FakeApi, match: (request: Received) => boolean, reply: (next: Next) => Reply | Promise<Reply>, times = 1): void {
  let left = times;
  api.intercept((request, next) => {
    if (!match(request) || left <= 0) return undefined;
    left -= 1;
    return reply(next);
  });
}

const is = (method: string, pathEnd: string | RegExp) => (request: Received) =>
  request.method === method && (typeof pathEnd === 'string' ? request.path.endsWith(pathEnd) : pathEnd.test(request.path));
/** The work is done, then the answer is lost (the connection drops). */
const lostAfterWork = async (next: Next): Promise<Reply> => ({ ...(await next()), destroy: true });
/** The work is done, then a 502 comes instead of the answer. */
const badGatewayAfterWork = async (next: Next): Promise<Reply> => {
  await next();
  return { status: 502, body: { detail: 'Bad gateway' } };
};

describe('429 and 503 say nothing was done: every call is sent again, a create too', () => {
  it.each([
    ['listings.create', 'POST', '/v1/listings'],
    ['imprints.create', 'POST', '/v1/imprints'],
    ['media.requestTicket', 'POST', '/v1/media'],
  ] as const)('%s after a 429 with Retry-After, then a 503', async (_name, method, path) => {
    const api = await fakeApi();
    failFirst(api, is(method, path), () => ({ status: 429, headers: { 'retry-after': '0' }, body: { status: 429, title: 'Too Many Requests' } }));
    failFirst(api, is(method, path), () => ({ status: 503, body: { status: 503, title: 'Service Unavailable' } }));
    const client = clientFor(api);
    const call = { 'POST /v1/listings': () => client.listings.create({ title: 'T', category: 'C', description: 'D' }), 'POST /v1/imprints': () => client.imprints.create({ content: 'Muster GmbH' }), 'POST /v1/media': () => client.media.requestTicket({ mediaType: 'image/jpeg' }) }[`${method} ${path}`];
    await expect(call()).resolves.toBeDefined();
    expect(api.goodsRequests(method, path)).toHaveLength(3);
  });

  it('publications.create and media.attach after a 429', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    failFirst(api, is('POST', '/publications'), () => ({ status: 429, headers: { 'retry-after': '0' } }));
    failFirst(api, is('PUT', '/media'), () => ({ status: 429, headers: { 'retry-after': '0' } }));
    const client = clientFor(api);
    expect((await client.publications.create(listing.uuid, { imprintUuid: IMPRINT })).uuid).toEqual(expect.any(String));
    expect(await client.media.upload(listing.uuid, JPEG, 'image/jpeg')).toHaveLength(1);
    expect([api.goodsRequests('POST', '/publications').length, api.goodsRequests('PUT', '/media').length]).toEqual([2, 2]);
    expect(api.publications.size).toBe(1);
  });
});

describe('publications.create is settled by reading the listing\'s publications', () => {
  it.each([
    ['its answer was lost', lostAfterWork],
    ['a 502 came after the work', badGatewayAfterWork],
  ])('when %s: the new publication under the imprint is this create\'s; nothing is created twice', async (_name, fault) => {
    const api = await fakeApi();
    const listing = api.addListing();
    failFirst(api, is('POST', '/publications'), fault);
    const { uuid } = await clientFor(api).publications.create(listing.uuid, { imprintUuid: IMPRINT });
    expect([...api.publications.keys()]).toEqual([uuid]);
    expect(api.goodsRequests('POST', '/publications')).toHaveLength(1);
    expect(api.goodsRequests('GET', '/publications')).toHaveLength(2);
  });

  it('when the create did not arrive (a 502 before it, the listing shows nothing new), it is sent again', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    const earlier = api.addListing();
    await clientFor(api).publications.create(listing.uuid, { imprintUuid: IMPRINT });
    await clientFor(api).publications.create(earlier.uuid, { imprintUuid: IMPRINT });
    failFirst(api, is('POST', '/publications'), () => ({ status: 502, body: { detail: 'Bad gateway' } }));
    const { uuid } = await clientFor(api).publications.create(listing.uuid, { imprintUuid: IMPRINT });
    const mine = [...api.publications.values()].filter((p) => p.listingUuid === listing.uuid).map((p) => p.uuid);
    expect(mine).toHaveLength(2);
    expect(mine[1]).toBe(uuid);
  });

  it('createAndWait follows the settled publication to PUBLISHED', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    failFirst(api, is('POST', '/publications'), lostAfterWork);
    const publication = await clientFor(api).publications.createAndWait(listing.uuid, { imprintUuid: IMPRINT }, { pollMs: 1 });
    expect([publication.status, api.publications.size]).toEqual(['PUBLISHED', 1]);
  });

  it('when reading the publications fails too, throws KleinanzeigenOutcomeUnknownError saying so', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    failFirst(api, is('POST', '/publications'), lostAfterWork);
    let reads = 0;
    api.intercept((request) => (is('GET', '/publications')(request) && reads++ > 0 ? { status: 500, body: { detail: 'down' } } : undefined));
    const error = await clientFor(api).publications.create(listing.uuid, { imprintUuid: IMPRINT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenOutcomeUnknownError);
    expect(error).toMatchObject({ operation: 'publications.create', mayHaveArrived: true });
    expect((error as Error).message).toMatch(/^POST \/v1\/listings\/[0-9a-f-]+\/publications: the outcome is unknown: its answer was lost.*\(reading the publications failed: GET /);
    expect(api.publications.size).toBe(1);
  });
});

describe('listings.create cannot be settled (no way to find a listing): "outcome unknown", never a second listing', () => {
  it.each([
    ['its answer was lost', lostAfterWork, undefined],
    ['a 502 came after the work', badGatewayAfterWork, 502],
  ])('when %s', async (_name, fault, status) => {
    const api = await fakeApi();
    failFirst(api, is('POST', '/v1/listings'), fault);
    const error = await clientFor(api).listings.create({ title: 'T', category: 'C', description: 'D', customReference: 'ref-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenOutcomeUnknownError);
    expect(error).toMatchObject({ operation: 'listings.create', method: 'POST', path: '/v1/listings', status, mayHaveArrived: true });
    expect((error as Error).message).toContain('the listing may or may not exist, and the API offers no way to look it up (no listing collection or search, gap G-24)');
    expect(api.goodsRequests('POST', '/v1/listings')).toHaveLength(1);
    expect(api.listings.size).toBe(1);
  });

  it('a 502 before any work, with no other sign, is reported the same way: the client cannot tell', async () => {
    const api = await fakeApi();
    failFirst(api, is('POST', '/v1/listings'), () => ({ status: 502 }));
    const error = await clientFor(api).listings.create({ title: 'T', category: 'C', description: 'D' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenOutcomeUnknownError);
    expect(api.listings.size).toBe(0);
  });
});

describe('listings.delete', () => {
  it('a 404 after an attempt whose answer was lost is the delete done', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    failFirst(api, is('DELETE', listing.uuid), lostAfterWork);
    await expect(clientFor(api).listings.delete(listing.uuid)).resolves.toBeUndefined();
    expect(api.goodsRequests('DELETE')).toHaveLength(2);
    expect(listing.deleted).toBe(true);
  });

  it('when every retry failed after an attempt that may have deleted it, reading the listing settles it: not found is done', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    failFirst(api, is('DELETE', listing.uuid), badGatewayAfterWork, 10);
    await expect(clientFor(api).listings.delete(listing.uuid)).resolves.toBeUndefined();
    expect(api.goodsRequests('DELETE')).toHaveLength(3);
    const kept = api.addListing();
    failFirst(api, is('DELETE', kept.uuid), () => ({ status: 502 }), 10);
    const error = await clientFor(api).listings.delete(kept.uuid).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, mayHaveArrived: true });
  });

  it('a 404 at the first attempt is the error it always was', async () => {
    const api = await fakeApi();
    const error = await clientFor(api).listings.delete('123e4567-e89b-12d3-a456-426614174000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenNotFoundError);
  });
});

describe('media.upload', () => {
  it('asks for a fresh ticket when a ticket request\'s answer was lost', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    failFirst(api, is('POST', '/v1/media'), lostAfterWork);
    expect(await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg')).toHaveLength(1);
    expect(api.goodsRequests('POST', '/v1/media')).toHaveLength(2);
    expect(api.tickets.size).toBe(2);
  });

  it('settles an attach answered 502 after the work by reading the listing: one image, one attach', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    failFirst(api, is('PUT', '/media'), badGatewayAfterWork);
    expect(await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg')).toHaveLength(1);
    expect(api.goodsRequests('PUT', '/media')).toHaveLength(1);
  });

  it('does not fail an upload whose image is attached when reading the listing afterwards fails for a while', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    let attached = false;
    let failed = 0;
    api.intercept((request) => {
      if (is('PUT', '/media')(request)) attached = true;
      if (attached && is('GET', listing.uuid)(request) && failed < 4) {
        failed += 1;
        return { status: 503 };
      }
      return undefined;
    });
    expect(await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg')).toHaveLength(1);
    expect(failed).toBe(4);
  });

  it('an attach that did not arrive (a 502 before it) is sent again once the listing shows no new image', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    failFirst(api, is('PUT', '/media'), () => ({ status: 502 }));
    expect(await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg')).toHaveLength(1);
    expect(api.goodsRequests('PUT', '/media')).toHaveLength(2);
  });
});
