/** The namespaces the client adds to the generated ones (`media.upload`, the publication waits), and the client. */
import { ApiPromise, DEFAULT_RETRY, type CallOptions, type Filters, type PathParams, type QueryParams, type RequestBody, type Runtime, type SuccessData } from '@x/client-runtime';
import {
  KleinanzeigenClient as GeneratedClient,
  MediaNamespace as GeneratedMediaNamespace,
  PublicationsNamespace as GeneratedPublicationsNamespace,
  type Addmedia,
  type Createpublication,
  type Getpublication,
  type Updatepublication,
} from './generated/client.gen.js';
import { ListingsNamespace } from './listings.js';
import type { Publication } from './runtime/errors.js';
import { createPublicationSettled } from './runtime/settle.js';
import { uploadMedia, type UploadContext, type UploadData, type UploadOptions } from './runtime/upload.js';
import type { SupportedMediaType } from './runtime/validation/problem.js';
import { waitForPublication, type WaitOptions } from './runtime/waiting.js';

/** What the storage upload of each runtime uses besides the runtime: set by `createKleinanzeigenRuntime`. */
const UPLOADS = new WeakMap<Runtime, Omit<UploadContext, 'rt'>>();

/** @internal Records the fetch, retry and timeout a runtime's uploads use. */
export function setUploadContext(rt: Runtime, upload: Omit<UploadContext, 'rt'>): void {
  UPLOADS.set(rt, upload);
}

function uploadContextOf(rt: Runtime): UploadContext {
  const upload = UPLOADS.get(rt) ?? { fetch: (request: Request) => globalThis.fetch(request), retry: DEFAULT_RETRY, timeoutMs: 30_000 };
  return { rt, ...upload };
}

/**
 * `client.media`: the generated media operations (`requestTicket`, `attach`, `delete`, `reorder`) and `upload`,
 * which does the ticket, the presigned PUT and the attach in one call.
 *
 * @example
 * const urls = await client.media.upload(listingUuid, bytes, 'image/png');
 * await client.media.delete(listingUuid, { urls: [urls[0]!] });
 */
export class MediaNamespace extends GeneratedMediaNamespace {
  readonly #upload: UploadContext;

  /**
   * The namespace over a runtime of `createKleinanzeigenRuntime` (its fetch, retry and timeout also carry the upload
   * to the storage; another runtime uploads with the platform's fetch and the default settings).
   */
  constructor(rt: Runtime) {
    super(rt);
    this.#upload = uploadContextOf(rt);
  }

  /**
   * Uploads one image to a listing and answers the listing's image URLs afterwards (the new one included). Requests
   * a ticket, PUTs the bytes to its presigned URL (with `Content-Type: <mediaType>` and no credentials: the token
   * never goes to the storage host), then attaches the ticket. An expired ticket (its `expireAt` passed, the storage
   * answers 403, or the attach answers 410) is replaced by a fresh one, at most twice. The attach is sent once: if
   * its answer is lost, the listing is read back and a new URL counts as success. A stream is read to the end
   * first (the PUT needs a length). `mediaType` must be `image/jpeg` or `image/png`; anything else throws
   * `KleinanzeigenUnsupportedMediaTypeError` before any request.
   *
   * @example
   * const urls = await client.media.upload(listingUuid, await readFile('front.jpg'), 'image/jpeg');
   * const cover = urls[0];
   */
  upload(listingUuid: PathParams<Addmedia>['uuid'], data: UploadData, mediaType: SupportedMediaType, options?: UploadOptions): Promise<string[]> {
    return uploadMedia(this.#upload, listingUuid, data, mediaType, options);
  }
}

/**
 * The `requestedState` a republish takes: `PUBLISHED` or `PAUSED`.
 *
 * @example
 * const query: RepublishQuery = { requestedState: 'PAUSED' };
 */
export type RepublishQuery = Filters<QueryParams<Updatepublication>>;

/**
 * `client.publications`: the generated publication operations and the helpers that wait for the asynchronous
 * validation (`createAndWait`, `waitFor`, `republishAndWait`).
 *
 * @example
 * const { uuid } = await client.publications.create(listingUuid, { imprintUuid });
 * const publication = await client.publications.waitFor(listingUuid, uuid);
 */
export class PublicationsNamespace extends GeneratedPublicationsNamespace {
  readonly #rt: Runtime;

  /** The namespace over a runtime of `createKleinanzeigenRuntime`. */
  constructor(rt: Runtime) {
    super(rt);
    this.#rt = rt;
  }

  /**
   * Publishes a listing under an imprint (`POST .../publications`, answers `{ uuid }`); the validation runs
   * asynchronously. The listing's publications are read first, so a create whose answer was lost (or a 500/502/504)
   * is settled by reading them again: a new publication under the imprint is this one; none means the create did
   * not happen and it is sent again (three times at most). Only when those reads fail too does it throw
   * `KleinanzeigenOutcomeUnknownError`. A 429 or 503 is retried like any call.
   *
   * @example
   * const { uuid } = await client.publications.create(listingUuid, { imprintUuid, location: { zipCode: '10115' } });
   */
  override create(
    listingUuid: PathParams<Createpublication>['uuid'],
    body: RequestBody<Createpublication>,
    options?: CallOptions,
  ): ApiPromise<SuccessData<Createpublication>> {
    return new ApiPromise(createPublicationSettled(this.#rt, listingUuid, body, options));
  }

  /**
   * Publishes a listing under an imprint and waits until the validation is done: answers the publication when it is
   * `PUBLISHED` (or `PAUSED`); rejects with `KleinanzeigenPublicationRejectedError` (`statusReason`) when it is
   * `REJECTED`, `KleinanzeigenPublicationDeletedError` when the listing was deleted meanwhile, and
   * `KleinanzeigenTimeoutError` after `timeoutMs` (default 2 minutes). The create is settled as `create` settles it.
   *
   * @example
   * const publication = await client.publications.createAndWait(listingUuid, { imprintUuid, location: { zipCode: '10115' } });
   * console.log(publication.adId);
   */
  async createAndWait(listingUuid: PathParams<Createpublication>['uuid'], body: RequestBody<Createpublication>, options: WaitOptions = {}): Promise<Publication> {
    const created = await this.create(listingUuid, body, signalOnly(options));
    return waitForPublication(this.#rt, listingUuid, created.uuid, options);
  }

  /**
   * Polls a publication until it leaves `PENDING` (first after `pollMs`, default 500 ms, doubling up to `maxPollMs`,
   * default 5 s), with the outcomes of `createAndWait`.
   *
   * @example
   * const publication = await client.publications.waitFor(listingUuid, publicationUuid, { timeoutMs: 60_000 });
   */
  waitFor(listingUuid: PathParams<Getpublication>['uuid'], publicationUuid: PathParams<Getpublication>['publicationUuid'], options: WaitOptions = {}): Promise<Publication> {
    return waitForPublication(this.#rt, listingUuid, publicationUuid, options);
  }

  /**
   * Republishes a publication (the listing's current content, images included, goes live) with the state it should
   * have afterwards, and waits for the validation like `createAndWait`. The publication is read first, so an answer
   * still showing the state from before the republish is not taken for its outcome.
   *
   * @example
   * await client.listings.update(listingUuid, { price: { type: 'FIXED', amount: 20 } });
   * await client.publications.republishAndWait(listingUuid, publicationUuid, { requestedState: 'PUBLISHED' });
   */
  async republishAndWait(
    listingUuid: PathParams<Updatepublication>['uuid'],
    publicationUuid: PathParams<Updatepublication>['publicationUuid'],
    query: RepublishQuery,
    options: WaitOptions = {},
  ): Promise<Publication> {
    const before = await this.get(listingUuid, publicationUuid, signalOnly(options));
    await this.republish(listingUuid, publicationUuid, {}, query, signalOnly(options));
    return waitForPublication(this.#rt, listingUuid, publicationUuid, options, { changedSince: before.updatedAt });
  }
}

function signalOnly(options: WaitOptions): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal };
}

/**
 * The Kleinanzeigen Public API Gateway client: `listings`, `imprints`, `media` (with `upload`) and `publications`
 * (with `createAndWait`, `waitFor`, `republishAndWait`). Create it with `createKleinanzeigenClient`.
 *
 * @example
 * const client: KleinanzeigenClient = createKleinanzeigenClient({ clientId, clientSecret });
 * const listing = await client.listings.get(listingUuid);
 */
export class KleinanzeigenClient extends GeneratedClient {
  override readonly listings: ListingsNamespace;
  override readonly media: MediaNamespace;
  override readonly publications: PublicationsNamespace;

  /** @internal */
  constructor(rt: Runtime) {
    super(rt);
    this.listings = new ListingsNamespace(rt);
    this.media = new MediaNamespace(rt);
    this.publications = new PublicationsNamespace(rt);
  }
}
