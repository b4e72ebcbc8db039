import { describe, expect, it } from 'vitest';
import {
  KleinanzeigenConflictError,
  KleinanzeigenForbiddenError,
  KleinanzeigenGoneError,
  KleinanzeigenHttpError,
  KleinanzeigenNotFoundError,
  KleinanzeigenUnsupportedMediaTypeError,
  type SupportedMediaType,
} from '../src/index.js';
import type { FakeApi } from './fake-api.js';
import { clientFor, fakeApi } from './support.js';

/** A JPEG's first bytes and some more: what the storage must receive unchanged. */
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 1, 2, 3, 4, 5, 250]);

function storagePuts(api: FakeApi) {
  return api.requests.filter((r) => r.path.startsWith('/storage/'));
}

function calls(api: FakeApi) {
  return api.requests.filter((r) => r.path !== '/v2/oidc/token').map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ':id')}`);
}

describe('client.media.upload', () => {
  it('requests a ticket, PUTs the bytes to the presigned URL, attaches, and answers the listing URLs', async () => {
    const api = await fakeApi();
    const listing = api.addListing({ urls: ['https://img.example/old.jpg'] });
    const client = clientFor(api);
    const urls = await client.media.upload(listing.uuid, JPEG, 'image/jpeg');

    const [ticket] = api.tickets.values();
    expect(urls).toEqual(['https://img.example/old.jpg', `https://img.example/${ticket?.uuid}.jpg`]);
    expect(calls(api)).toEqual([
      'GET /api/goods/v1/listings/:id',
      'POST /api/goods/v1/media',
      'PUT /storage/:id',
      'PUT /api/goods/v1/listings/:id/media',
      'GET /api/goods/v1/listings/:id',
    ]);
    expect(api.goodsRequests('POST', '/v1/media')[0]?.body).toEqual({ mediaType: 'image/jpeg' });
    expect(api.goodsRequests('PUT', '/media')[0]?.body).toEqual({ ticketUuid: ticket?.uuid });
    const stored = api.storage.get(ticket?.uuid ?? '');
    expect(stored?.contentType).toBe('image/jpeg');
    expect(new Uint8Array(stored?.bytes ?? [])).toEqual(JPEG);
  });

  it('never sends the token (or any credential) to the storage URL', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    await clientFor(api).media.upload(listing.uuid, JPEG, 'image/png');
    const [put] = storagePuts(api);
    expect(put?.headers.authorization).toBeUndefined();
    expect(Object.values(put?.headers ?? {}).join(' ')).not.toMatch(/eyJ|Bearer/);
    expect(put?.headers['content-type']).toBe('image/png');
    expect(put?.headers['content-length']).toBe(String(JPEG.byteLength));
    // The goods calls of the same upload did carry it.
    expect(api.goodsRequests().every((r) => r.headers.authorization?.startsWith('Bearer eyJ.'))).toBe(true);
  });

  it.each([
    ['an ArrayBuffer', () => JPEG.slice().buffer],
    ['a Blob', () => new Blob([JPEG], { type: 'image/jpeg' })],
    [
      'a stream in chunks',
      () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(JPEG.slice(0, 5));
            controller.enqueue(JPEG.slice(5));
            controller.close();
          },
        }),
    ],
  ])('takes %s and sends the same bytes with their length', async (_name, data) => {
    const api = await fakeApi();
    const listing = api.addListing();
    await clientFor(api).media.upload(listing.uuid, data(), 'image/jpeg');
    const [put] = storagePuts(api);
    expect(new Uint8Array(put?.bytes ?? [])).toEqual(JPEG);
    expect(put?.headers['content-length']).toBe(String(JPEG.byteLength));
  });

  it('refuses a media type other than image/jpeg or image/png before sending anything (the 415 the server would give)', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    const client = clientFor(api);
    const error = await client.media.upload(listing.uuid, JPEG, 'image/gif' as SupportedMediaType).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenUnsupportedMediaTypeError);
    expect(error).toMatchObject({ status: 415, method: 'POST', path: '/v1/media', detail: "Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png" });
    expect((error as Error).message).toBe(
      'client.media.upload: nothing was sent: the API takes only image/jpeg and image/png (it answers 415 "Unsupported media type: \'image/gif\'. Supported types are: image/jpeg, image/png"); convert the image first',
    );
    expect(api.requests).toHaveLength(0);
  });

  it('an unknown listing fails before a ticket is spent', async () => {
    const api = await fakeApi();
    const error = await clientFor(api).media.upload('123e4567-e89b-12d3-a456-426614174000', JPEG, 'image/jpeg').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenNotFoundError);
    expect(api.counts.tickets).toBe(0);
  });

  it('refuses empty data', async () => {
    const api = await fakeApi();
    await expect(clientFor(api).media.upload('x', new Uint8Array(0), 'image/jpeg')).rejects.toThrow('client.media.upload: data is empty; pass the image bytes');
    expect(api.requests).toHaveLength(0);
  });
});

describe('an expired ticket is replaced by a fresh one', () => {
  it('when its expireAt has passed before the upload', async () => {
    const api = await fakeApi({ ticketTtlMs: (index) => (index === 0 ? -1000 : 15 * 60_000) });
    const listing = api.addListing();
    const urls = await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg');
    const [expired, fresh] = api.tickets.values();
    expect(urls).toEqual([`https://img.example/${fresh?.uuid}.jpg`]);
    // Nothing was uploaded with the expired ticket.
    expect(storagePuts(api).map((r) => r.path)).toEqual([`/storage/${fresh?.uuid}`]);
    expect(expired?.uploaded).toBe(false);
  });

  it('when its expireAt passed during the upload: the expired ticket is not attached', async () => {
    const api = await fakeApi({ ticketTtlMs: (index) => (index === 0 ? 150 : 15 * 60_000) });
    let slow = 0;
    api.intercept((request) => (request.path.startsWith('/storage/') && slow++ === 0 ? { delayMs: 300, status: 200 } : undefined));
    const listing = api.addListing();
    const urls = await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg');
    const [, fresh] = api.tickets.values();
    expect(urls).toEqual([`https://img.example/${fresh?.uuid}.jpg`]);
    expect(api.goodsRequests('PUT', '/media').map((r) => r.body)).toEqual([{ ticketUuid: fresh?.uuid }]);
  });

  it('when the storage refuses the PUT (403)', async () => {
    const api = await fakeApi();
    let refused = 0;
    api.intercept((request) => (request.path.startsWith('/storage/') && refused++ === 0 ? { status: 403, body: '<Error><Code>AccessDenied</Code></Error>' } : undefined));
    const listing = api.addListing();
    const urls = await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg');
    expect(api.counts.tickets).toBe(2);
    expect(urls).toHaveLength(1);
    expect(api.goodsRequests('PUT', '/media')).toHaveLength(1);
  });

  it('when the attach answers 410', async () => {
    const api = await fakeApi();
    let gone = 0;
    api.intercept((request) =>
      request.method === 'PUT' && request.path.endsWith('/media') && gone++ === 0
        ? { status: 410, body: { type: 'about:blank', title: 'Gone', status: 410, detail: 'Ticket expired', instance: request.path } }
        : undefined,
    );
    const listing = api.addListing();
    const urls = await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg');
    const [, fresh] = api.tickets.values();
    expect(urls).toEqual([`https://img.example/${fresh?.uuid}.jpg`]);
    expect(api.goodsRequests('PUT', '/media')).toHaveLength(2);
  });

  it('at most twice: the third expired ticket is an error that says what to check', async () => {
    const api = await fakeApi({ ticketTtlMs: () => -1000 });
    const listing = api.addListing();
    const error = await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenGoneError);
    expect((error as Error).message).toBe(
      `client.media.upload to listing ${listing.uuid}: 3 tickets in a row failed: each expired before the image was attached. Check this machine's clock (a ticket expires at its expireAt) and the upload speed`,
    );
    expect(api.counts.tickets).toBe(3);
  });

  it('a storage that always refuses is a KleinanzeigenForbiddenError, without the signature', async () => {
    const api = await fakeApi();
    api.intercept((request) => (request.path.startsWith('/storage/') ? { status: 403, body: `<Error><SignatureProvided>${request.query['X-Amz-Signature']}</SignatureProvided></Error>` } : undefined));
    const listing = api.addListing();
    const error = await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenForbiddenError);
    expect((error as Error).message).toContain('the storage refused every presigned PUT (403)');
    const signatures = [...api.tickets.values()].map((t) => t.signature);
    for (const signature of signatures) expect(JSON.stringify([(error as Error).message, error])).not.toContain(signature);
    expect((error as KleinanzeigenHttpError).path).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/storage\/[0-9a-f-]{36}$/);
  });
});

describe('the storage PUT is retried, the attach is sent once', () => {
  it('a 503 of the storage is retried with the same ticket', async () => {
    const api = await fakeApi();
    let failures = 0;
    api.intercept((request) => (request.path.startsWith('/storage/') && failures++ === 0 ? { status: 503 } : undefined));
    const listing = api.addListing();
    await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg');
    expect(api.counts.tickets).toBe(1);
    expect(storagePuts(api)).toHaveLength(2);
  });

  it('a storage that refuses the bytes (400) is an error at once, naming the URL without its signature', async () => {
    const api = await fakeApi();
    api.intercept((request) =>
      request.path.startsWith('/storage/') ? { status: 400, body: `<Error><Code>InvalidImage</Code><Sig>${request.query['X-Amz-Signature']}</Sig></Error>` } : undefined,
    );
    const listing = api.addListing();
    const error = await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg').catch((e: unknown) => e);
    const [ticket] = api.tickets.values();
    expect(error).toBeInstanceOf(KleinanzeigenHttpError);
    expect(error).toMatchObject({ status: 400, method: 'PUT', body: '<Error><Code>InvalidImage</Code><Sig>[redacted]</Sig></Error>' });
    expect((error as Error).message).toBe(
      `PUT ${api.origin}/storage/${ticket?.uuid} (the ticket's presigned upload URL) failed with HTTP 400; the storage refused the upload (are the bytes a JPEG or PNG image, and not too large?)`,
    );
    expect(storagePuts(api)).toHaveLength(1);
    expect(api.goodsRequests('PUT', '/media')).toHaveLength(0);
  });

  it('an attach whose answer is lost is resolved by reading the listing, not by sending it again', async () => {
    const api = await fakeApi();
    api.intercept(async (request, next) => (request.method === 'PUT' && request.path.endsWith('/media') ? { ...(await next()), destroy: true } : undefined));
    const listing = api.addListing();
    const urls = await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg');
    const [ticket] = api.tickets.values();
    expect(urls).toEqual([`https://img.example/${ticket?.uuid}.jpg`]);
    expect(api.goodsRequests('PUT', '/media')).toHaveLength(1);
    expect(calls(api).slice(-2)).toEqual(['PUT /api/goods/v1/listings/:id/media', 'GET /api/goods/v1/listings/:id']);
  });

  it('an attach that timed out and did not arrive is sent once more after the listing shows no new image', async () => {
    const api = await fakeApi();
    let lost = 0;
    api.intercept((request) => (request.method === 'PUT' && request.path.endsWith('/media') && lost++ === 0 ? { destroy: true } : undefined));
    const listing = api.addListing();
    const urls = await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg');
    expect(urls).toHaveLength(1);
    expect(api.goodsRequests('PUT', '/media')).toHaveLength(2);
  });

  it('a 409 for that second attach means the first one had attached the image', async () => {
    const api = await fakeApi();
    let attaches = 0;
    const pending: string[] = [];
    // The first attach is applied, but the listing shows the image only after the next attach (a slow replica).
    api.intercept(async (request, next) => {
      if (request.method === 'PUT' && request.path.endsWith('/media')) {
        attaches += 1;
        if (attaches === 1) {
          const listing = [...api.listings.values()][0];
          const reply = await next();
          pending.push(...(listing?.urls.splice(0) ?? []));
          return { ...reply, destroy: true };
        }
        [...api.listings.values()][0]?.urls.push(...pending);
      }
      return undefined;
    });
    const listing = api.addListing();
    const urls = await clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg');
    expect(urls).toHaveLength(1);
    expect(attaches).toBe(2);
    expect(api.goodsRequests('PUT', '/media')).toHaveLength(2);
  });

  it('an attach refused with a 409 outright is thrown', async () => {
    const api = await fakeApi();
    api.intercept((request) => (request.method === 'PUT' && request.path.endsWith('/media') ? { status: 409, body: { status: 409, title: 'Conflict', detail: 'Ticket already used' } } : undefined));
    const listing = api.addListing();
    await expect(clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg')).rejects.toBeInstanceOf(KleinanzeigenConflictError);
    expect(api.goodsRequests('PUT', '/media')).toHaveLength(1);
  });

  it('stops at once when aborted', async () => {
    const api = await fakeApi();
    api.intercept((request) => (request.path.startsWith('/storage/') ? { delayMs: 30_000, status: 200 } : undefined));
    const listing = api.addListing();
    const controller = new AbortController();
    const upload = clientFor(api).media.upload(listing.uuid, JPEG, 'image/jpeg', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    const started = Date.now();
    await expect(upload).rejects.toThrow('user cancelled');
    // Far below the storage's 30 s delay, with room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(api.goodsRequests('PUT', '/media')).toHaveLength(0);
  });
});
