import { describe, expect, it } from 'vitest';
import {
  KleinanzeigenPublicationDeletedError,
  KleinanzeigenPublicationError,
  KleinanzeigenPublicationRejectedError,
  KleinanzeigenTimeoutError,
} from '../src/index.js';
import { clientFor, fakeApi } from './support.js';

const IMPRINT = '123e4567-e89b-12d3-a456-426614174001';
const FAST = { pollMs: 5, maxPollMs: 20 };

function polls(api: Awaited<ReturnType<typeof fakeApi>>) {
  return api.goodsRequests('GET').filter((r) => /\/publications\/[0-9a-f-]{36}$/.test(r.path));
}

describe('publications.createAndWait', () => {
  it('creates the publication and polls until it is PUBLISHED', async () => {
    const api = await fakeApi({ pollsUntilDone: 3 });
    const listing = api.addListing();
    const publication = await clientFor(api).publications.createAndWait(listing.uuid, { imprintUuid: IMPRINT, location: { zipCode: '10115' } }, FAST);
    expect(publication).toMatchObject({ listingUuid: listing.uuid, imprintUuid: IMPRINT, status: 'PUBLISHED', statusReason: null, location: { zipCode: '10115' } });
    expect(publication.adId).toEqual(expect.any(String));
    expect(api.goodsRequests('POST', '/publications')).toHaveLength(1);
    expect(polls(api)).toHaveLength(3);
  });

  it('keeps polling through polls that fail even after retries (503s), and answers once the publication is PUBLISHED', async () => {
    const api = await fakeApi({ pollsUntilDone: 2 });
    const listing = api.addListing();
    let failing = 6;
    api.intercept((request) =>
      request.method === 'GET' && /\/publications\/[0-9a-f-]{36}$/.test(request.path) && failing-- > 0 ? { status: 503, body: { status: 503, title: 'Service Unavailable' } } : undefined,
    );
    const client = clientFor(api, { retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5 } });
    const publication = await client.publications.createAndWait(listing.uuid, { imprintUuid: IMPRINT }, FAST);
    expect(publication.status).toBe('PUBLISHED');
    expect(failing).toBeLessThan(0);
  });

  it('names the last failed poll when the time runs out while polls keep failing', async () => {
    const api = await fakeApi({ pollsUntilDone: 2 });
    const listing = api.addListing();
    api.intercept((request) => (request.method === 'GET' && /\/publications\/[0-9a-f-]{36}$/.test(request.path) ? { status: 503, body: { status: 503, title: 'Service Unavailable' } } : undefined));
    const client = clientFor(api, { retry: false });
    const error = await client.publications.createAndWait(listing.uuid, { imprintUuid: IMPRINT }, { timeoutMs: 60, ...FAST }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenTimeoutError);
    expect((error as Error).message).toMatch(/is still unknown after 60 ms .*; the last poll failed: /);
  });

  it('rejects with the reason when the validation REJECTED the listing', async () => {
    const api = await fakeApi({ pollsUntilDone: 2 });
    const listing = api.addListing({ price: null });
    const error = await clientFor(api).publications.createAndWait(listing.uuid, { imprintUuid: IMPRINT }, FAST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenPublicationRejectedError);
    const rejected = error as KleinanzeigenPublicationRejectedError;
    expect(rejected.statusReason).toBe('The listing lacks: price');
    expect(rejected.publication).toMatchObject({ status: 'REJECTED', statusReason: 'The listing lacks: price', listingUuid: listing.uuid });
    expect(rejected.message).toBe(`publication ${rejected.publication.uuid} of listing ${listing.uuid} was REJECTED: The listing lacks: price. Fix the listing (listings.update), then republish`);
    expect(rejected).toMatchObject({ method: 'GET', path: `/v1/listings/${listing.uuid}/publications/${rejected.publication.uuid}` });
  });

  it('gives up after timeoutMs with a KleinanzeigenTimeoutError naming the publication and its last status', async () => {
    const api = await fakeApi({ pollsUntilDone: 1_000_000 });
    const listing = api.addListing();
    const started = Date.now();
    const error = await clientFor(api).publications.createAndWait(listing.uuid, { imprintUuid: IMPRINT }, { timeoutMs: 150, pollMs: 10, maxPollMs: 40 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(KleinanzeigenTimeoutError);
    const timeout = error as KleinanzeigenTimeoutError;
    const uuid = timeout.publication?.uuid;
    expect(timeout.publication?.status).toBe('PENDING');
    expect(timeout.message).toBe(
      `publication ${uuid} of listing ${listing.uuid} is still PENDING after 150 ms (following GET /v1/listings/${listing.uuid}/publications/${uuid}); validation can take longer: raise timeoutMs or call publications.waitFor later`,
    );
  });

  it('backs off between polls, from pollMs up to maxPollMs', async () => {
    const api = await fakeApi({ pollsUntilDone: 1_000_000 });
    const listing = api.addListing();
    await clientFor(api).publications.createAndWait(listing.uuid, { imprintUuid: IMPRINT }, { timeoutMs: 400, pollMs: 20, maxPollMs: 80 }).catch(() => undefined);
    // 20 + 40 + 80 + 80 + ... ms: far fewer polls than 400 / 20 (a loaded machine makes fewer still, never more).
    expect(polls(api).length).toBeGreaterThanOrEqual(2);
    expect(polls(api).length).toBeLessThanOrEqual(9);
  });

  it('stops polling when aborted, rejecting with the reason', async () => {
    const api = await fakeApi({ pollsUntilDone: 1_000_000 });
    const listing = api.addListing();
    const controller = new AbortController();
    // A long pause between polls: the abort must end it, not wait for it.
    const waiting = clientFor(api).publications.createAndWait(listing.uuid, { imprintUuid: IMPRINT }, { pollMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 60);
    const started = Date.now();
    await expect(waiting).rejects.toThrow('shutting down');
    // Far below the 60 s pause, with room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(10_000);
    const seen = polls(api).length;
    await new Promise((r) => setTimeout(r, 100));
    expect(polls(api).length).toBe(seen);
  });
});

describe('publications.waitFor', () => {
  it('a DELETED publication is an error', async () => {
    const api = await fakeApi({ pollsUntilDone: 1_000_000 });
    const listing = api.addListing();
    const client = clientFor(api);
    const { uuid } = await client.publications.create(listing.uuid, { imprintUuid: IMPRINT });
    await client.listings.delete(listing.uuid);
    const error = await client.publications.waitFor(listing.uuid, uuid, FAST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenPublicationDeletedError);
    expect((error as KleinanzeigenPublicationDeletedError).publication.status).toBe('DELETED');
  });

  it('a status this client does not know fails at once instead of waiting for the timeout', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    const client = clientFor(api);
    const { uuid } = await client.publications.create(listing.uuid, { imprintUuid: IMPRINT });
    api.intercept(async (request, next) => {
      if (request.method !== 'GET' || !request.path.endsWith(uuid)) return undefined;
      const reply = await next();
      return { ...reply, body: { ...(reply.body as object), status: 'ACTIVE' } };
    });
    const error = await client.publications.waitFor(listing.uuid, uuid, FAST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenPublicationError);
    expect((error as Error).message).toContain('has status "ACTIVE", which this client does not know');
    expect(polls(api)).toHaveLength(1);
  });
});

describe('publications.republishAndWait', () => {
  it('republishes with {} and the requested state, and waits for the new outcome', async () => {
    const api = await fakeApi({ pollsUntilDone: 2 });
    const listing = api.addListing();
    const client = clientFor(api);
    const first = await client.publications.createAndWait(listing.uuid, { imprintUuid: IMPRINT }, FAST);
    const paused = await client.publications.republishAndWait(listing.uuid, first.uuid, { requestedState: 'PAUSED' }, FAST);
    expect(paused.status).toBe('PAUSED');
    const republish = api.goodsRequests('PUT', first.uuid);
    expect(republish).toHaveLength(1);
    expect(republish[0]?.body).toEqual({});
    expect(republish[0]?.query).toEqual({ requestedState: 'PAUSED' });
  });

  it('does not take the state from before the republish for its outcome', async () => {
    const api = await fakeApi({ pollsUntilDone: 1 });
    const listing = api.addListing({ price: null });
    const client = clientFor(api);
    const { uuid } = await client.publications.create(listing.uuid, { imprintUuid: IMPRINT });
    await expect(client.publications.waitFor(listing.uuid, uuid, FAST)).rejects.toBeInstanceOf(KleinanzeigenPublicationRejectedError);
    await client.listings.update(listing.uuid, { price: { type: 'FIXED', amount: 20 } });
    // This server applies the republish only after a while: the first reads still answer the publication as it was.
    const { target: _target, pollsLeft: _pollsLeft, ...before } = { ...api.publications.get(uuid)! };
    let stale = 2;
    api.intercept((request) => {
      if (request.method !== 'GET' || !request.path.endsWith(uuid) || api.goodsRequests('PUT', uuid).length === 0 || stale-- <= 0) return undefined;
      return { body: before };
    });
    const publication = await client.publications.republishAndWait(listing.uuid, uuid, { requestedState: 'PUBLISHED' }, FAST);
    expect(publication.status).toBe('PUBLISHED');
    expect(stale).toBeLessThan(0);
  });
});
