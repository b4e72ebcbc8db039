import { describe, expect, it, vi } from 'vitest';
import { KleinanzeigenUnsupportedMediaTypeError, KleinanzeigenValidationError, type PayloadValidator, type SupportedMediaType, type WarningHandler } from '../src/index.js';
import { clientFor, fakeApi } from './support.js';

const BAD_REQUEST = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid request content.' };

describe('the validate option', () => {
  it('validate: true refuses a documented rule before sending, with the body the server would answer', async () => {
    const api = await fakeApi();
    const client = clientFor(api, { validate: true });
    const error = await client.listings.update('123e4567-e89b-12d3-a456-426614174000', { price: { type: 'FIXED' } as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenValidationError);
    const refused = error as KleinanzeigenValidationError;
    expect(refused).toMatchObject({ status: 400, sent: false, method: 'PUT', title: 'Bad Request', detail: 'Invalid request content.' });
    expect(refused.errors).toEqual([{ field: 'price.amount', message: 'must not be null' }]);
    expect(refused.body).toEqual({ ...BAD_REQUEST, errors: refused.errors });
    expect(refused.message).toBe(
      'PUT /v1/listings/123e4567-e89b-12d3-a456-426614174000 was not sent: the body breaks documented rules the server refuses with a 400 (validate option): price.amount: must not be null. Correct these fields',
    );
    expect(api.goodsRequests()).toHaveLength(0);
  });

  it('validate: true answers an unsupported media type with the 415 the server gives (same status, same body), not a 400', async () => {
    const api = await fakeApi();
    const before = await clientFor(api, { validate: true }).media.requestTicket({ mediaType: 'image/gif' as SupportedMediaType }).catch((e: unknown) => e);
    expect(api.goodsRequests()).toHaveLength(0);
    const server = await clientFor(api).media.requestTicket({ mediaType: 'image/gif' as SupportedMediaType }).catch((e: unknown) => e);
    expect(before).toBeInstanceOf(KleinanzeigenUnsupportedMediaTypeError);
    expect(server).toBeInstanceOf(KleinanzeigenUnsupportedMediaTypeError);
    const [mine, theirs] = [before as KleinanzeigenUnsupportedMediaTypeError, server as KleinanzeigenUnsupportedMediaTypeError];
    expect([mine.status, mine.title, mine.detail]).toEqual([theirs.status, theirs.title, theirs.detail]);
    expect(mine.body).toEqual({ type: 'about:blank', title: 'Unsupported Media Type', status: 415, detail: "Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png" });
    expect(mine.message).toBe(
      "POST /v1/media was not sent: the API answers a media type other than image/jpeg or image/png with 415: Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png (validate option). Convert the image first",
    );
  });

  it('validate: true sends a listing without a title (which fields are required is reconstructed) and reports the warning', async () => {
    const api = await fakeApi();
    const onWarning = vi.fn<WarningHandler>();
    const client = clientFor(api, { validate: true, onWarning });
    await expect(client.listings.create({ category: 'Spielzeug', description: 'Wie neu' })).resolves.toEqual({ uuid: expect.any(String) });
    expect(api.goodsRequests('POST', '/v1/listings')).toHaveLength(1);
    expect(onWarning).toHaveBeenCalledTimes(1);
    const [warnings, context] = onWarning.mock.calls[0] ?? [];
    expect(context).toEqual({ method: 'POST', path: '/v1/listings', resource: 'listings', kind: 'create' });
    expect(warnings?.map((w) => [w.path, w.message, w.source.kind])).toEqual([['title', 'must not be null', 'reconstructed']]);
  });

  it("validate: 'strict' refuses it", async () => {
    const api = await fakeApi();
    const client = clientFor(api, { validate: 'strict' });
    const error = await client.listings.create({ category: 'Spielzeug', description: 'Wie neu' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenValidationError);
    expect((error as KleinanzeigenValidationError).errors).toEqual([{ field: 'title', message: 'must not be null' }]);
    expect(api.goodsRequests()).toHaveLength(0);
  });

  it('validates the bodies the upload sends too', async () => {
    const api = await fakeApi();
    const validator = vi.fn<PayloadValidator>((_resource, _kind, body) => ({ success: true, data: body }));
    const listing = api.addListing();
    await clientFor(api, { validate: validator }).media.upload(listing.uuid, new Uint8Array([1, 2, 3]), 'image/png');
    expect(validator.mock.calls.map(([resource, kind]) => `${resource}.${kind}`)).toEqual(['media.requestTicket', 'media.attach']);
  });

  it('without validate nothing is checked: the server answers', async () => {
    const api = await fakeApi();
    const client = clientFor(api);
    const error = await client.media.requestTicket({ mediaType: 'image/gif' as SupportedMediaType }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 415 });
    expect(api.goodsRequests()).toHaveLength(1);
  });
});
