import { describe, expectTypeOf, it } from 'vitest';
import {
  createKleinanzeigenClient,
  KleinanzeigenClient,
  KleinanzeigenPublicationRejectedError,
  TokenError,
  type components,
  type FieldError,
  type paths,
  type Publication,
  type RequestBody,
  type SuccessData,
  type UploadData,
  type ValidationProblem,
} from '../src/index.js';
import { validatePayload, type PayloadKind, type ResourceName } from '../src/validators/index.js';

const client = createKleinanzeigenClient({ clientId: 'id', clientSecret: 'secret' });
const listingUuid = '123e4567-e89b-12d3-a456-426614174000';
declare const bytes: Uint8Array;

describe('createKleinanzeigenClient', () => {
  it('takes one way to authenticate, or none (the environment)', () => {
    expectTypeOf(createKleinanzeigenClient).returns.toEqualTypeOf<KleinanzeigenClient>();
    createKleinanzeigenClient({ token: 'eyJ' });
    createKleinanzeigenClient({ getToken: async () => 'eyJ' });
    createKleinanzeigenClient({ clientId: 'id', clientSecret: 'secret', tokenUrl: 'https://example.com/token', audience: 'consumer-goods-api' });
    // Left out, the credentials come from KLEINANZEIGEN_CLIENT_ID and KLEINANZEIGEN_CLIENT_SECRET.
    createKleinanzeigenClient();
    createKleinanzeigenClient({ baseUrl: 'https://example.com' });
    createKleinanzeigenClient({ clientId: 'id' });
    // @ts-expect-error only one way at a time
    createKleinanzeigenClient({ clientId: 'id', clientSecret: 'secret', token: 'eyJ' });
    // @ts-expect-error the token endpoint is only for client credentials
    createKleinanzeigenClient({ token: 'eyJ', tokenUrl: 'https://example.com/token' });
    // @ts-expect-error validate takes true, false, 'strict' or a function
    createKleinanzeigenClient({ token: 'eyJ', validate: 'loose' });
  });
});

describe('client.media.upload', () => {
  it('takes bytes in the usual forms and only the documented media types', () => {
    expectTypeOf(client.media.upload).parameter(1).toEqualTypeOf<UploadData>();
    expectTypeOf<UploadData>().toEqualTypeOf<Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>>();
    expectTypeOf(client.media.upload).parameter(2).toEqualTypeOf<'image/jpeg' | 'image/png'>();
    expectTypeOf(client.media.upload).returns.resolves.toEqualTypeOf<string[]>();
    client.media.upload(listingUuid, bytes, 'image/jpeg', { signal: AbortSignal.timeout(1000) });
    // @ts-expect-error only image/jpeg and image/png are accepted (415 otherwise)
    client.media.upload(listingUuid, bytes, 'image/gif');
    // @ts-expect-error a file name is not image data
    client.media.upload(listingUuid, 'front.jpg', 'image/jpeg');
  });

  it('keeps the generated media methods', () => {
    expectTypeOf(client.media.requestTicket).returns.resolves.toEqualTypeOf<components['schemas']['MediaTicket']>();
    expectTypeOf(client.media.attach).parameter(1).toEqualTypeOf<components['schemas']['MediaAttachRequest']>();
    // @ts-expect-error the ticket request takes only the documented media types
    client.media.requestTicket({ mediaType: 'image/webp' });
  });
});

describe('client.publications', () => {
  it('create answers the 202 receipt; the helpers answer the publication', () => {
    expectTypeOf(client.publications.create).returns.resolves.toEqualTypeOf<{ uuid: string }>();
    expectTypeOf(client.publications.createAndWait).returns.resolves.toEqualTypeOf<Publication>();
    expectTypeOf(client.publications.waitFor).returns.resolves.toEqualTypeOf<Publication>();
    expectTypeOf(client.publications.republishAndWait).returns.resolves.toEqualTypeOf<Publication>();
    expectTypeOf<Publication['status']>().toEqualTypeOf<'PENDING' | 'PUBLISHED' | 'PAUSED' | 'REJECTED' | 'DELETED'>();
  });

  it('republish takes PUBLISHED or PAUSED, setState PAUSED or RESUMED', () => {
    client.publications.republishAndWait(listingUuid, 'p', { requestedState: 'PAUSED' }, { timeoutMs: 1000 });
    // @ts-expect-error RESUMED is a setState value, not a republish one
    client.publications.republishAndWait(listingUuid, 'p', { requestedState: 'RESUMED' });
    client.publications.setState(listingUuid, 'p', { requestedState: 'RESUMED' });
    // @ts-expect-error PUBLISHED is a republish value, not a setState one
    client.publications.setState(listingUuid, 'p', { requestedState: 'PUBLISHED' });
  });

  it('a rejection carries its reason and the publication', () => {
    expectTypeOf<KleinanzeigenPublicationRejectedError['statusReason']>().toEqualTypeOf<string | null>();
    expectTypeOf<KleinanzeigenPublicationRejectedError['publication']>().toEqualTypeOf<Publication>();
  });
});

describe('the other types', () => {
  it('reads bodies and answers from paths', () => {
    expectTypeOf<SuccessData<paths['/v1/listings/{uuid}']['get']>>().toEqualTypeOf<components['schemas']['Listing']>();
    expectTypeOf<RequestBody<paths['/v1/listings']['post']>>().toEqualTypeOf<components['schemas']['ListingCreateRequest']>();
    expectTypeOf<SuccessData<paths['/v1/listings/{uuid}']['put']>>().toBeUndefined();
  });

  it('TokenError is a class', () => {
    expectTypeOf(new TokenError('x')).toHaveProperty('code').toEqualTypeOf<string | undefined>();
  });

  it('validators answer the problem body', () => {
    const outcome = validatePayload('media', 'requestTicket', {});
    if (!outcome.success) expectTypeOf(outcome.errors).toEqualTypeOf<ValidationProblem>();
    // A 400 lists the refused fields; the documented 415 of a media type has none.
    expectTypeOf<Extract<ValidationProblem, { status: 400 }>['errors']>().toEqualTypeOf<FieldError[]>();
    expectTypeOf<ValidationProblem['status']>().toEqualTypeOf<400 | 415>();
    expectTypeOf<ResourceName>().toEqualTypeOf<'imprints' | 'listings' | 'media' | 'publications'>();
    expectTypeOf<PayloadKind<'media'>>().toEqualTypeOf<'attach' | 'reorder' | 'requestTicket'>();
  });
});
