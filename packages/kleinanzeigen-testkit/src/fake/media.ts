import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { isResult, ownListing, touch, validated, type Call, type Env } from './context.js';
import { listingNotFound, problem, type ApiResult } from './problems.js';
import type { StoredImage, StoredTicket } from './types.js';

/** Where the fake's storage takes presigned uploads and serves the stored images. */
export const UPLOAD_PATH = '/__storage/uploads/';
export const IMAGE_PATH = '/__storage/images/';
/**
 * The size above which the storage warns (and refuses in strict mode): our design (G-9), no document states a limit.
 *
 * @example
 * if (bytes.byteLength > MAX_IMAGE_BYTES) console.warn('the fake storage warns (strict mode: 400 EntityTooLarge)');
 */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/**
 * The most the fake's storage keeps of one upload in any mode: a guard of the fake's memory (the state holds every
 * image), not a rule of the API.
 *
 * @example
 * if (bytes.byteLength > MAX_STORED_BYTES) throw new Error('the fake storage refuses it (400 EntityTooLarge)');
 */
export const MAX_STORED_BYTES = 64 * 1024 * 1024;

/** ISO-8601 without milliseconds, as the documents' `expireAt` (`2023-12-01T11:30:00Z`). */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function signature(env: Env, ticketUuid: string, expires: number): string {
  return createHmac('sha256', env.signingSecret).update(`PUT\n${UPLOAD_PATH}${ticketUuid}\n${expires}`).digest('hex');
}

/**
 * `POST /v1/media`: a ticket and its presigned URL on this server's storage (201, G-4, G-9); the documented 415 for
 * another media type (the validators answer it, as the client's `validate` does).
 */
export function requestTicket(env: Env, call: Call): ApiResult {
  const body = validated(env, call, 'media', 'requestTicket');
  if (isResult(body)) return body;
  const now = env.clock.now();
  const expiresAt = Math.ceil((now + env.ticketTtlSeconds * 1000) / 1000) * 1000;
  const ticket: StoredTicket = {
    uuid: env.state.uuid(),
    userId: call.principal.userId,
    mediaType: String(body.mediaType),
    expiresAt,
    imageId: null,
    url: null,
    usedAt: null,
  };
  env.state.tickets.set(ticket.uuid, ticket);
  const expires = expiresAt / 1000;
  const signedPutUrl = `${call.origin}${UPLOAD_PATH}${ticket.uuid}?expires=${expires}&signature=${signature(env, ticket.uuid, expires)}`;
  return { status: 201, body: { ticketUuid: ticket.uuid, signedPutUrl, expireAt: isoSeconds(expiresAt) } };
}

/** `PUT /v1/listings/{uuid}/media`: attaches an uploaded ticket's image (G-7, G-8). */
export function attachMedia(env: Env, call: Call): ApiResult {
  const body = validated(env, call, 'media', 'attach');
  if (isResult(body)) return body;
  const listing = ownListing(env, call);
  if (listing === undefined) return listingNotFound(call.place);
  const id = typeof body.ticketUuid === 'string' ? body.ticketUuid : String(JSON.stringify(body.ticketUuid));
  const ticket = env.state.tickets.get(id);
  if (ticket === undefined || ticket.userId !== call.principal.userId) return problem(call.place, 404, `Ticket ${id} not found`);
  // "Can only be used once successfully": a used ticket says so even after it expired, so a retry after a lost
  // success learns that the first attach worked.
  if (ticket.usedAt !== null) return problem(call.place, 409, `Ticket ${id} has already been used`);
  if (env.clock.now() >= ticket.expiresAt) return problem(call.place, 410, `Ticket ${id} expired at ${isoSeconds(ticket.expiresAt)}`);
  if (ticket.url === null) return problem(call.place, 400, `No file was uploaded for ticket ${id}`);
  ticket.usedAt = env.clock.now();
  listing.urls.push(ticket.url);
  touch(env, listing);
  return { status: 204 };
}

/** The `urls` query parameter: comma-separated (`?urls=a,b`), repeated (`?urls=a&urls=b`) or both. */
function urlsParameter(query: URLSearchParams): string[] | undefined {
  if (!query.has('urls')) return undefined;
  return query
    .getAll('urls')
    .flatMap((value) => value.split(','))
    .filter((url) => url !== '');
}

/**
 * `DELETE /v1/listings/{uuid}/media?urls=...`: URLs not on the listing are ignored (G-17); a missing or empty list
 * deletes nothing (204), strict mode answers 400 (neither the parameter's presence nor a non-empty list is documented).
 */
export function deleteMedia(env: Env, call: Call): ApiResult {
  const urls = urlsParameter(call.query);
  if (env.strict && urls === undefined) return problem(call.place, 400, "Required parameter 'urls' is not present.");
  if (env.strict && urls?.length === 0) return problem(call.place, 400, "Required parameter 'urls' must name at least one image URL");
  const listing = ownListing(env, call);
  if (listing === undefined) return listingNotFound(call.place);
  const gone = new Set(urls ?? []);
  const kept = listing.urls.filter((url) => !gone.has(url));
  if (kept.length !== listing.urls.length) {
    listing.urls = kept;
    touch(env, listing);
  }
  return { status: 204 };
}

/** `PUT /v1/listings/{uuid}/media/order`: exactly the listing's URLs, each once, in a new order (G-18). */
export function reorderMedia(env: Env, call: Call): ApiResult {
  const body = validated(env, call, 'media', 'reorder');
  if (isResult(body)) return body;
  const listing = ownListing(env, call);
  if (listing === undefined) return listingNotFound(call.place);
  const urls = body.urls;
  const sameSet =
    Array.isArray(urls) &&
    urls.every((url): url is string => typeof url === 'string') &&
    urls.length === listing.urls.length &&
    new Set(urls).size === urls.length &&
    urls.every((url) => listing.urls.includes(url));
  if (!sameSet) return problem(call.place, 400, 'The URLs must be exactly the URLs of the listing, each once');
  if (urls.some((url, i) => url !== listing.urls[i])) {
    listing.urls = [...urls];
    touch(env, listing);
  }
  return { status: 204 };
}

/**
 * The storage's answer: S3's XML error document (`Code`, `Message`), or a success; `warnings` are the reconstructed
 * rules an accepted upload broke (sent as `X-Fake-Warning` headers).
 */
export type StorageResult = {
  status: number;
  code?: string;
  message?: string;
  headers?: Record<string, string>;
  bytes?: Uint8Array;
  contentType?: string;
  warnings?: string[];
};

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * JPEG or PNG by the file's magic number, whatever the Content-Type header says.
 *
 * @example
 * imageTypeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])); // 'image/jpeg'
 * imageTypeOf(new TextEncoder().encode('GIF89a'));       // undefined
 */
export function imageTypeOf(bytes: Uint8Array): StoredImage['contentType'] | undefined {
  const starts = (magic: number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
  if (starts(JPEG)) return 'image/jpeg';
  if (starts(PNG)) return 'image/png';
  return undefined;
}

function validSignature(env: Env, ticketUuid: string, expires: string | null, given: string | null): boolean {
  if (expires === null || given === null || !/^\d+$/.test(expires) || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = Buffer.from(signature(env, ticketUuid, Number(expires)), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

const TOO_MANY_AUTHS = 'Only one auth mechanism allowed: the presigned URL is signed, so send no Authorization header (and never the API token).';
const NOT_AN_IMAGE = 'The uploaded bytes are neither a JPEG nor a PNG image.';
const tooLarge = (limit: number) => `Your proposed upload exceeds the maximum allowed size of ${limit} bytes.`;

/**
 * `PUT /__storage/uploads/{ticketUuid}?expires=&signature=`: the presigned upload. The URL's signature and expiry
 * authorise it (403 otherwise, as S3 answers). Nothing else about the storage is documented (G-9), so three checks
 * of our design only warn (`warnings`, the `X-Fake-Warning` header) and refuse in strict mode: an `Authorization`
 * header (S3 allows one authentication mechanism; the API token should never reach the storage host), bytes that are
 * not a JPEG or PNG by their magic numbers, more than 20 MiB.
 */
export function storeUpload(
  env: Env,
  request: { ticketUuid: string; query: URLSearchParams; authorization: string | null; bytes: Uint8Array | null; origin: string },
): StorageResult {
  const warnings: string[] = [];
  if (request.authorization !== null) {
    if (env.strict) return { status: 400, code: 'InvalidArgument', message: TOO_MANY_AUTHS };
    warnings.push(`${TOO_MANY_AUTHS} (ignored; strict mode refuses it)`);
  }
  if (!validSignature(env, request.ticketUuid, request.query.get('expires'), request.query.get('signature')))
    return { status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  if (env.clock.now() >= Number(request.query.get('expires')) * 1000)
    return { status: 403, code: 'AccessDenied', message: 'Request has expired' };
  const ticket = env.state.tickets.get(request.ticketUuid);
  if (ticket === undefined) return { status: 404, code: 'NoSuchUpload', message: 'The ticket of this upload no longer exists.' };
  if (ticket.usedAt !== null)
    return { status: 409, code: 'TicketAlreadyUsed', message: 'The image of this ticket is already attached to a listing; request a new ticket.' };
  const bytes = request.bytes ?? new Uint8Array();
  if (bytes.length > MAX_STORED_BYTES) return { status: 400, code: 'EntityTooLarge', message: tooLarge(MAX_STORED_BYTES) };
  if (bytes.length > MAX_IMAGE_BYTES) {
    if (env.strict) return { status: 400, code: 'EntityTooLarge', message: tooLarge(MAX_IMAGE_BYTES) };
    warnings.push(`${bytes.length} bytes is more than ${MAX_IMAGE_BYTES} (20 MiB; no limit is documented; strict mode refuses it)`);
  }
  const sniffed = imageTypeOf(bytes);
  if (sniffed === undefined) {
    if (env.strict) return { status: 400, code: 'InvalidImage', message: NOT_AN_IMAGE };
    warnings.push(`${NOT_AN_IMAGE} Stored as the ticket's ${ticket.mediaType} (strict mode refuses it).`);
  }
  const contentType = sniffed ?? (ticket.mediaType === 'image/png' ? 'image/png' : 'image/jpeg');
  // A repeated PUT (a retry) overwrites, as on S3: the ticket keeps one image.
  const id = ticket.imageId ?? env.state.uuid();
  env.state.images.set(id, { id, contentType, base64: Buffer.from(bytes).toString('base64') });
  ticket.imageId = id;
  ticket.url = `${request.origin}${IMAGE_PATH}${id}.${contentType === 'image/png' ? 'png' : 'jpg'}`;
  return { status: 200, headers: { etag: `"${createHash('md5').update(bytes).digest('hex')}"` }, ...(warnings.length === 0 ? {} : { warnings }) };
}

/** `GET /__storage/images/{id}.jpg|png`: a stored image (public, as an image CDN serves it). */
export function serveImage(env: Env, name: string): StorageResult {
  const image = env.state.images.get(name.replace(/\.(jpg|png)$/, ''));
  if (image === undefined) return { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' };
  return { status: 200, bytes: Buffer.from(image.base64, 'base64'), contentType: image.contentType };
}
