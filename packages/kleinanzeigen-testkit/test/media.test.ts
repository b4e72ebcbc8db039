import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
import { validatePayload } from '@x/kleinanzeigen-client/validators';
import { describe, expect, it } from 'vitest';
import { ManualClock, MAX_IMAGE_BYTES, MAX_STORED_BYTES } from '../src/index.js';
import { addImage, createListing, JPEG, LOCALIZED, ORIGIN, put, SHOP, START, TEST_PNG, ticket, useMswFake } from './helpers.js';

describe('media tickets and the presigned upload (G-8, G-9)', () => {
  const { ctx, api } = useMswFake({ ticketTtlSeconds: 900 });

  it('a ticket is 201 {ticketUuid, signedPutUrl, expireAt}: the URL is on the same server, expiring with the ticket', async () => {
    const reply = await api('POST', '/v1/media', { body: { mediaType: 'image/jpeg' } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ ticketUuid: expect.any(String), signedPutUrl: expect.any(String), expireAt: '2030-03-01T10:15:00Z' });
    const url = new URL(reply.body.signedPutUrl);
    expect([url.origin, url.pathname]).toEqual([ORIGIN, `/__storage/uploads/${reply.body.ticketUuid}`]);
    expect(Number(url.searchParams.get('expires')) * 1000).toBe(START + 900_000);
  });

  it('another media type is the documented 415', async () => {
    const reply = await api('POST', '/v1/media', { body: { mediaType: 'image/gif' } });
    expect([reply.status, reply.body]).toEqual([
      415,
      {
        type: 'about:blank',
        status: 415,
        title: 'Unsupported Media Type',
        detail: "Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png",
        instance: '/api/v1/media',
        ...LOCALIZED,
      },
    ]);
    const missing = await api('POST', '/v1/media', { body: {} });
    expect([missing.status, missing.body.errors]).toEqual([400, [{ field: 'mediaType', message: 'must not be null' }]]);
    // The client's validators answer the same status and body (without the instance and localized* members).
    const outcome = validatePayload('media', 'requestTicket', { mediaType: 'image/gif' });
    expect(outcome.success ? undefined : { ...outcome.errors, instance: '/api/v1/media', ...LOCALIZED }).toEqual(reply.body);
  });

  it('upload PNG or JPEG, attach: the image URL is appended to urls and served', async () => {
    const listing = await createListing(api);
    const urls = await addImage(api, listing, TEST_PNG);
    expect(urls).toEqual([expect.stringMatching(new RegExp(`^${ORIGIN}/__storage/images/[0-9a-f-]+\\.png$`))]);
    const both = await addImage(api, listing, JPEG);
    expect(both[0]).toBe(urls[0]);
    expect(both[1]).toMatch(/\.jpg$/);
    const served = await fetch(both[0] ?? '');
    expect([served.headers.get('content-type'), [...new Uint8Array(await served.arrayBuffer())]]).toEqual(['image/png', [...TEST_PNG]]);
  });

  it('the storage takes bytes that are not a JPEG or PNG (WebP on an image/jpeg ticket) with a warning: no document says it sniffs them (G-9)', async () => {
    const listing = await createListing(api);
    const t = await ticket(api, 'image/jpeg');
    const webp = new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ');
    const reply = await put(t.signedPutUrl, webp, { 'content-type': 'image/jpeg' });
    expect([reply.status, reply.text]).toEqual([200, '']);
    expect(reply.headers.get('x-fake-warning')).toBe("The uploaded bytes are neither a JPEG nor a PNG image. Stored as the ticket's image/jpeg (strict mode refuses it).");
    expect((await api('PUT', `/v1/listings/${listing}/media`, { body: { ticketUuid: t.ticketUuid } })).status).toBe(204);
    const [url] = (await api('GET', `/v1/listings/${listing}`)).body.urls;
    const served = await fetch(url ?? '');
    expect([served.headers.get('content-type'), new Uint8Array(await served.arrayBuffer())]).toEqual(['image/jpeg', webp]);
    // A JPEG or PNG carries no warning.
    expect((await put((await ticket(api)).signedPutUrl)).headers.get('x-fake-warning')).toBeNull();
  });

  it('the storage takes more than 20 MiB with a warning (no size limit is documented); the fake keeps at most 64 MiB', async () => {
    const t = await ticket(api);
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(TEST_PNG);
    const reply = await put(t.signedPutUrl, big);
    expect([reply.status, reply.headers.get('x-fake-warning')]).toEqual([200, `${MAX_IMAGE_BYTES + 1} bytes is more than ${MAX_IMAGE_BYTES} (20 MiB; no limit is documented; strict mode refuses it)`]);
    const huge = await put(t.signedPutUrl, new Uint8Array(MAX_STORED_BYTES + 1));
    expect([huge.status, huge.text.includes('<Code>EntityTooLarge</Code>')]).toEqual([400, true]);
  });

  it('unknown storage paths and other methods answer S3-style errors', async () => {
    expect((await fetch(`${ORIGIN}/__storage/images/nothing.png`)).status).toBe(404);
    expect((await fetch(`${ORIGIN}/__storage/uploads/a/b`, { method: 'PUT', body: 'x' })).status).toBe(404);
    const get = await fetch(`${ORIGIN}/__storage/uploads/x`);
    expect([get.status, get.headers.get('allow'), (await get.text()).includes('<Code>MethodNotAllowed</Code>')]).toEqual([405, 'PUT', true]);
  });

  it('the storage checks the signature and the expiry; an Authorization header is ignored with a warning (G-9)', async () => {
    const t = await ticket(api);
    const forged = t.signedPutUrl.replace(/signature=[0-9a-f]{4}/, 'signature=0000');
    expect((await put(forged)).text).toContain('<Code>SignatureDoesNotMatch</Code>');
    const later = t.signedPutUrl.replace(/expires=\d+/, (m) => `expires=${Number(m.slice(8)) + 3600}`);
    expect((await put(later)).status).toBe(403);
    const withToken = await put(t.signedPutUrl, TEST_PNG, { 'content-type': 'image/png', authorization: `Bearer ${ctx.token}` });
    expect([withToken.status, withToken.headers.get('x-fake-warning')]).toEqual([
      200,
      'Only one auth mechanism allowed: the presigned URL is signed, so send no Authorization header (and never the API token). (ignored; strict mode refuses it)',
    ]);
    ctx.fake.clock.advance(900_000);
    const expired = await put(t.signedPutUrl);
    expect([expired.status, expired.text.includes('<Message>Request has expired</Message>')]).toEqual([403, true]);
  });

  it('an attach before the upload is 400 and does not use the ticket up', async () => {
    const listing = await createListing(api);
    const t = await ticket(api);
    const early = await api('PUT', `/v1/listings/${listing}/media`, { body: { ticketUuid: t.ticketUuid } });
    expect([early.status, early.body.detail, early.body.instance]).toEqual([400, `No file was uploaded for ticket ${t.ticketUuid}`, `/api/v1/listings/${listing}/media`]);
    expect((await put(t.signedPutUrl)).status).toBe(200);
    expect((await api('PUT', `/v1/listings/${listing}/media`, { body: { ticketUuid: t.ticketUuid } })).status).toBe(204);
  });

  it('a reused ticket is 409; the upload URL refuses a new PUT once the ticket is used', async () => {
    const listing = await createListing(api);
    const t = await ticket(api);
    expect((await put(t.signedPutUrl)).status).toBe(200);
    expect((await put(t.signedPutUrl)).status).toBe(200); // a retried upload overwrites
    expect((await api('PUT', `/v1/listings/${listing}/media`, { body: { ticketUuid: t.ticketUuid } })).status).toBe(204);
    const again = await api('PUT', `/v1/listings/${listing}/media`, { body: { ticketUuid: t.ticketUuid } });
    expect([again.status, again.body.detail]).toEqual([409, `Ticket ${t.ticketUuid} has already been used`]);
    expect((await put(t.signedPutUrl)).status).toBe(409);
    expect((await api('GET', `/v1/listings/${listing}`)).body.urls).toHaveLength(1);
  });

  it('an expired ticket is 410, even when its bytes were uploaded', async () => {
    const listing = await createListing(api);
    const t = await ticket(api);
    expect((await put(t.signedPutUrl)).status).toBe(200);
    ctx.fake.clock.advance(900_000);
    const reply = await api('PUT', `/v1/listings/${listing}/media`, { body: { ticketUuid: t.ticketUuid } });
    expect([reply.status, reply.body.title, reply.body.detail]).toEqual([410, 'Gone', `Ticket ${t.ticketUuid} expired at 2030-03-01T10:15:00Z`]);
  });

  it("an unknown ticket and another client's ticket are 404", async () => {
    const listing = await createListing(api);
    const theirs = await ticket(api, 'image/png', ctx.other);
    expect((await put(theirs.signedPutUrl)).status).toBe(200);
    for (const ticketUuid of [theirs.ticketUuid, '123e4567-e89b-12d3-a456-426614174000']) {
      const reply = await api('PUT', `/v1/listings/${listing}/media`, { body: { ticketUuid } });
      expect([reply.status, reply.body.detail]).toEqual([404, `Ticket ${ticketUuid} not found`]);
    }
  });

  it('reorder takes exactly the listing\'s URLs, each once (G-18)', async () => {
    const listing = await createListing(api);
    await addImage(api, listing);
    const urls = await addImage(api, listing, JPEG);
    const reversed = [...urls].reverse();
    expect((await api('PUT', `/v1/listings/${listing}/media/order`, { body: { urls: reversed } })).status).toBe(204);
    expect((await api('GET', `/v1/listings/${listing}`)).body.urls).toEqual(reversed);
    for (const body of [{ urls: [reversed[0]] }, { urls: [...reversed, 'https://elsewhere/x.png'] }, { urls: [reversed[0], reversed[0]] }, { urls: 'x' }]) {
      const reply = await api('PUT', `/v1/listings/${listing}/media/order`, { body });
      expect([reply.status, reply.body.detail]).toEqual([400, 'The URLs must be exactly the URLs of the listing, each once']);
    }
    expect((await api('GET', `/v1/listings/${listing}`)).body.urls).toEqual(reversed);
  });

  it('delete media removes the given URLs, ignores unknown ones (204, idempotent); a missing or empty list deletes nothing (G-17)', async () => {
    const listing = await createListing(api);
    await addImage(api, listing);
    await addImage(api, listing, JPEG);
    const urls = await addImage(api, listing);
    const [a, b, c] = urls as [string, string, string];
    const del = (query: string) => api('DELETE', `/v1/listings/${listing}/media${query}`);
    expect((await del(`?urls=${encodeURIComponent(a)},${encodeURIComponent(c)}`)).status).toBe(204);
    expect((await api('GET', `/v1/listings/${listing}`)).body.urls).toEqual([b]);
    expect((await del(`?urls=${encodeURIComponent(a)}`)).status).toBe(204); // a retry after a lost answer
    expect((await del('?urls=https%3A%2F%2Fnowhere%2Fx.png')).status).toBe(204);
    expect((await api('GET', `/v1/listings/${listing}`)).body.urls).toEqual([b]);
    expect([(await del('?urls=')).status, (await del('')).status]).toEqual([204, 204]);
    expect((await api('GET', `/v1/listings/${listing}`)).body.urls).toEqual([b]);
    expect((await del(`?urls=${encodeURIComponent(b)}`)).status).toBe(204);
    expect((await api('GET', `/v1/listings/${listing}`)).body.urls).toEqual([]);
  });

  it("the client's media.upload does the ticket, the presigned PUT and the attach against the fake", async () => {
    const client = createKleinanzeigenClient({ clientId: SHOP.clientId, clientSecret: SHOP.clientSecret, retry: false });
    const { uuid } = await client.listings.create({ title: 'T', category: 'C', description: 'D' });
    // The client compares expireAt with this machine's clock: bring the fake's manual clock to now.
    if (!(ctx.fake.clock instanceof ManualClock)) throw new Error('expected the manual clock');
    ctx.fake.clock.setNow(Date.now());
    const urls = await client.media.upload(uuid, TEST_PNG, 'image/png');
    expect(urls).toEqual([expect.stringMatching(/\/__storage\/images\/.+\.png$/)]);
  });
});

describe('the storage and delete-media with strict: true: the reconstructed rules refuse', () => {
  const { ctx, api } = useMswFake({ strict: true });

  it('bytes that are not a JPEG or PNG, more than 20 MiB, an Authorization header', async () => {
    const t = await ticket(api, 'image/jpeg');
    const webp = await put(t.signedPutUrl, new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '), { 'content-type': 'image/jpeg' });
    expect([webp.status, webp.text.includes('<Code>InvalidImage</Code>')]).toEqual([400, true]);
    expect((await put(t.signedPutUrl, new Uint8Array())).status).toBe(400);
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(TEST_PNG);
    const tooBig = await put(t.signedPutUrl, big);
    expect([tooBig.status, tooBig.text.includes(`maximum allowed size of ${MAX_IMAGE_BYTES} bytes`)]).toEqual([400, true]);
    const withToken = await put(t.signedPutUrl, TEST_PNG, { 'content-type': 'image/png', authorization: `Bearer ${ctx.token}` });
    expect([withToken.status, withToken.text.includes('<Code>InvalidArgument</Code>')]).toEqual([400, true]);
    expect(withToken.text).not.toContain(ctx.token);
    expect((await put(t.signedPutUrl)).status).toBe(200);
  });

  it('a missing or empty urls list of delete-media', async () => {
    const listing = await createListing(api);
    const empty = await api('DELETE', `/v1/listings/${listing}/media?urls=`);
    expect([empty.status, empty.body.detail]).toEqual([400, "Required parameter 'urls' must name at least one image URL"]);
    const missing = await api('DELETE', `/v1/listings/${listing}/media`);
    expect([missing.status, missing.body.detail]).toEqual([400, "Required parameter 'urls' is not present."]);
  });
});
