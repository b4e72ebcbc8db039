import { readFile } from 'node:fs/promises';
import {
  createKleinanzeigenClient,
  KleinanzeigenConflictError,
  KleinanzeigenGoneError,
  KleinanzeigenNotFoundError,
  KleinanzeigenUnsupportedMediaTypeError,
  KleinanzeigenValidationError,
  type KleinanzeigenClient,
} from '@x/kleinanzeigen-client';
import { createKleinanzeigenFake, TEST_PNG, type KleinanzeigenFake } from '@x/kleinanzeigen-testkit';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '@x/kleinanzeigen-testkit/server';
import { afterEach, describe, expect, it } from 'vitest';

// The create-ad guide of the Kleinanzeigen API with @x/kleinanzeigen-client against @x/kleinanzeigen-testkit's fake
// over real HTTP (token endpoint, goods API and presigned storage on one port), including the ways it goes wrong.
const CREDENTIALS = { clientId: 'e2e-shop', clientSecret: 'e2e-secret' };
const JPEG = await readFile(new URL('../../kleinanzeigen-quickstart/images/front.jpg', import.meta.url));
const LISTING = {
  category: 'Familie_Kind_Baby/Spielzeug',
  title: 'Holzeisenbahn',
  description: 'Vollständig, 40 Teile.',
  attributes: { art: 'eisenbahn', condition: 'good' },
  adType: 'OFFER',
  price: { type: 'FIXED', amount: 35 },
} as const;

let running: RunningKleinanzeigenServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

type Seen = { method: string; path: string; status: number };

/** A server for `fake`, and a client on it whose fetch records every exchange and can act after one. */
async function setUp(fake: KleinanzeigenFake, after?: (seen: Seen) => void): Promise<{ client: KleinanzeigenClient; seen: Seen[] }> {
  running = await startKleinanzeigenServer({ port: 0, fake });
  const seen: Seen[] = [];
  const client = createKleinanzeigenClient({
    ...CREDENTIALS,
    baseUrl: running.baseUrl,
    tokenUrl: running.tokenUrl,
    retry: { retries: 2, minDelayMs: 5, maxDelayMs: 50 },
    fetch: async (request) => {
      const response = await fetch(request);
      const entry = { method: request.method, path: new URL(request.url).pathname, status: response.status };
      seen.push(entry);
      after?.(entry);
      return response;
    },
  });
  return { client, seen };
}

const realClockFake = () => createKleinanzeigenFake({ clock: 'real', latencyMs: 20, clients: [CREDENTIALS] });
const manualClockFake = () => createKleinanzeigenFake({ clients: [CREDENTIALS] });
const count = (seen: Seen[], method: string, pattern: RegExp) => seen.filter((s) => s.method === method && pattern.test(s.path)).length;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error,
  );
}

describe('the Kleinanzeigen client against the fake over HTTP', () => {
  it('runs the create-ad guide: imprint, listing, images, reorder, publish, update, republish, pause, resume, delete', async () => {
    const { client, seen } = await setUp(realClockFake());
    const { uuid: imprintUuid } = await client.imprints.create({ content: 'Muster GmbH, Berlin' });
    const { uuid } = await client.listings.create(LISTING);
    await client.media.upload(uuid, JPEG, 'image/jpeg');
    const urls = await client.media.upload(uuid, new Blob([new Uint8Array(TEST_PNG)]), 'image/png');
    expect(urls).toHaveLength(2);
    await client.media.reorder(uuid, { urls: [urls[1]!, urls[0]!] });
    expect((await client.listings.get(uuid)).urls).toEqual([urls[1], urls[0]]);
    // The stored images are served as what they are.
    const cover = await fetch(urls[1]!);
    expect(cover.headers.get('content-type')).toBe('image/png');

    const published = await client.publications.createAndWait(uuid, { imprintUuid, location: { zipCode: '10115' } }, { pollMs: 10 });
    expect(published.status).toBe('PUBLISHED');
    expect((await client.publications.list(uuid)).map((p) => p.uuid)).toEqual([published.uuid]);

    await client.listings.update(uuid, { title: 'Holzeisenbahn, 40 Teile' });
    const republished = await client.publications.republishAndWait(uuid, published.uuid, { requestedState: 'PUBLISHED' }, { pollMs: 10 });
    expect(republished.status).toBe('PUBLISHED');
    await client.publications.setState(uuid, published.uuid, { requestedState: 'PAUSED' });
    expect((await client.publications.get(uuid, published.uuid)).status).toBe('PAUSED');
    await client.publications.setState(uuid, published.uuid, { requestedState: 'RESUMED' });
    expect((await client.publications.get(uuid, published.uuid)).status).toBe('PUBLISHED');

    await client.listings.delete(uuid);
    expect(await rejection(client.listings.get(uuid))).toBeInstanceOf(KleinanzeigenNotFoundError);
    // One token for the whole run, and the storage never saw it (checked by the fake: it takes no token).
    expect(count(seen, 'POST', /\/v2\/oidc\/token$/)).toBe(1);
  });

  it('a media type other than JPEG or PNG is the documented 415, from the server and before sending from upload', async () => {
    const { client, seen } = await setUp(realClockFake());
    const { uuid } = await client.listings.create(LISTING);
    const server = await rejection(client.media.requestTicket({ mediaType: 'image/gif' as 'image/png' }));
    expect(server).toBeInstanceOf(KleinanzeigenUnsupportedMediaTypeError);
    expect(server).toMatchObject({ status: 415 });
    const before = seen.length;
    const local = await rejection(client.media.upload(uuid, new Uint8Array([71, 73, 70]), 'image/gif' as 'image/png'));
    expect(local).toBeInstanceOf(KleinanzeigenUnsupportedMediaTypeError);
    expect(seen.length).toBe(before);
  });

  it('a reused ticket is a 409 and attaches nothing twice', async () => {
    const { client } = await setUp(realClockFake());
    const { uuid } = await client.listings.create(LISTING);
    const ticket = await client.media.requestTicket({ mediaType: 'image/jpeg' });
    const put = await fetch(ticket.signedPutUrl, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: JPEG });
    expect(put.status).toBe(200);
    await client.media.attach(uuid, { ticketUuid: ticket.ticketUuid });
    const again = await rejection(client.media.attach(uuid, { ticketUuid: ticket.ticketUuid }));
    expect(again).toBeInstanceOf(KleinanzeigenConflictError);
    expect((await client.listings.get(uuid)).urls).toHaveLength(1);
  });

  it('a reorder with a different set of URLs is a 400 and changes nothing', async () => {
    const { client } = await setUp(realClockFake());
    const { uuid } = await client.listings.create(LISTING);
    await client.media.upload(uuid, JPEG, 'image/jpeg');
    const urls = await client.media.upload(uuid, TEST_PNG, 'image/png');
    for (const different of [[urls[1]!], [urls[1]!, urls[0]!, 'https://example.com/other.jpg']]) {
      const error = await rejection(client.media.reorder(uuid, { urls: different }));
      expect(error).toBeInstanceOf(KleinanzeigenValidationError);
      expect(error).toMatchObject({ status: 400 });
    }
    expect((await client.listings.get(uuid)).urls).toEqual(urls);
  });

  it('an expired ticket: the attach is a 410, and upload takes a fresh ticket by itself', async () => {
    const fake = manualClockFake();
    let expireNextTicket = false;
    const { client, seen } = await setUp(fake, (entry) => {
      // The ticket's lifetime passes between its answer and the PUT of the bytes.
      if (expireNextTicket && entry.method === 'POST' && entry.path.endsWith('/v1/media')) {
        expireNextTicket = false;
        fake.clock.advance((fake.ticketTtlSeconds + 1) * 1000);
      }
    });
    const { uuid } = await client.listings.create(LISTING);

    const ticket = await client.media.requestTicket({ mediaType: 'image/png' });
    expect((await fetch(ticket.signedPutUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(TEST_PNG) })).status).toBe(200);
    fake.clock.advance((fake.ticketTtlSeconds + 1) * 1000);
    expect(await rejection(client.media.attach(uuid, { ticketUuid: ticket.ticketUuid }))).toBeInstanceOf(KleinanzeigenGoneError);
    expect((await client.listings.get(uuid)).urls ?? []).toHaveLength(0);

    expireNextTicket = true;
    const urls = await client.media.upload(uuid, JPEG, 'image/jpeg');
    expect(urls).toHaveLength(1);
    // The client's own exchanges: the expired ticket's PUT refused by the storage, then the fresh ticket's accepted.
    const storage = seen.filter((s) => s.method === 'PUT' && s.path.includes('__storage'));
    expect(storage.map((s) => s.status)).toEqual([403, 200]);
    expect(count(seen, 'POST', /\/v1\/media$/)).toBe(1 + 2);
  });

  it('a token that expires mid-run is renewed once after the 401, and the call goes through', async () => {
    const fake = manualClockFake();
    const { client, seen } = await setUp(fake);
    const { uuid } = await client.listings.create(LISTING);
    fake.clock.advance((fake.tokenTtlSeconds + 1) * 1000);
    expect((await client.listings.get(uuid)).title).toBe(LISTING.title);
    expect(count(seen, 'POST', /\/v2\/oidc\/token$/)).toBe(2);
    expect(seen.filter((s) => s.path.endsWith(`/v1/listings/${uuid}`)).map((s) => s.status)).toEqual([401, 200]);
  });
});
