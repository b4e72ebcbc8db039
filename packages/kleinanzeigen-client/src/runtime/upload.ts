/**
 * `client.media.upload`: the three-step image upload (ticket, presigned PUT, attach) with what goes wrong between
 * the steps handled: an expired ticket is replaced, the storage PUT is retried (it is idempotent), and an attach
 * whose answer was lost is resolved by reading the listing instead of being sent again blindly.
 */
import { backoffDelay, fillPath, redactSecrets, RETRYABLE_STATUSES, sleep, type CallOptions, type RetrySettings, type Runtime } from '@x/client-runtime';
import { addmedia, getlisting, requestticket } from '../generated/operations.gen.js';
import type { components } from '../generated/paths.gen.js';
import {
  KleinanzeigenConflictError,
  KleinanzeigenForbiddenError,
  KleinanzeigenGoneError,
  KleinanzeigenHttpError,
  KleinanzeigenOutcomeUnknownError,
  KleinanzeigenTimeoutError,
  KleinanzeigenUnsupportedMediaTypeError,
} from './errors.js';
import { readToSettle } from './settle.js';
import { SUPPORTED_MEDIA_TYPES, unsupportedMediaTypeDetail, unsupportedMediaTypeProblem, type SupportedMediaType } from './validation/problem.js';

/**
 * Image bytes as `upload` takes them. A stream is read to the end first: the presigned PUT needs a length.
 *
 * @example
 * const data: UploadData = (await fetch(imageUrl)).body!;
 * await client.media.upload(listingUuid, data, 'image/jpeg');
 */
export type UploadData = Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>;

/**
 * Settings of one upload: `signal` aborts every step; `timeoutMs` bounds each attempt of each request.
 *
 * @example
 * await client.media.upload(listingUuid, bytes, 'image/jpeg', { signal: AbortSignal.timeout(60_000), timeoutMs: 20_000 });
 */
export type UploadOptions = CallOptions;

/** What the upload needs besides the runtime: the raw fetch (no credentials) and the retry settings for the PUT. */
export type UploadContext = {
  rt: Runtime;
  fetch: (request: Request) => Promise<Response>;
  retry: RetrySettings | false;
  timeoutMs: number;
};

type Ticket = components['schemas']['MediaTicket'];
type Listing = components['schemas']['Listing'];

/** Tickets tried in all: the first and at most two fresh ones. */
const MAX_TICKETS = 3;

async function toBytes(data: UploadData): Promise<Uint8Array<ArrayBuffer>> {
  // A view of a SharedArrayBuffer is copied: fetch sends only ArrayBuffer-backed bytes.
  if (data instanceof Uint8Array) return data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (typeof Blob !== 'undefined' && data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  if (typeof ReadableStream !== 'undefined' && data instanceof ReadableStream) {
    const chunks: Uint8Array[] = [];
    let length = 0;
    const reader = data.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.byteLength;
    }
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }
  throw new TypeError('client.media.upload: data must be a Uint8Array (or Buffer), an ArrayBuffer, a Blob or a ReadableStream of bytes');
}

/** `https://host/path` of a presigned URL: its query is the signature and never goes into an error. */
function storageLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(the ticket signedPutUrl, not a URL)';
  }
}

/** The query values of a presigned URL (signature, credential, ...), redacted from anything the storage answers. */
function signatureParts(url: string): string[] {
  try {
    return [...new URL(url).searchParams.values()];
  } catch {
    return [];
  }
}

function expired(ticket: Ticket): boolean {
  const at = Date.parse(ticket.expireAt);
  return Number.isFinite(at) && at <= Date.now();
}


/** Refuses a media type the API does not take, before anything is sent, with the 415 the server would give. */
export function assertMediaType(mediaType: unknown): asserts mediaType is SupportedMediaType {
  if (typeof mediaType === 'string' && (SUPPORTED_MEDIA_TYPES as readonly string[]).includes(mediaType)) return;
  const shown = typeof mediaType === 'string' ? mediaType : String(mediaType);
  const detail = unsupportedMediaTypeDetail(shown);
  throw new KleinanzeigenUnsupportedMediaTypeError(
    `client.media.upload: nothing was sent: the API takes only ${SUPPORTED_MEDIA_TYPES.join(' and ')} (it answers 415 "${detail}"); convert the image first`,
    {
      method: requestticket.method,
      path: requestticket.path,
      status: 415,
      body: unsupportedMediaTypeProblem(shown),
    },
  );
}

type PutOutcome = 'stored' | 'refused';

/**
 * PUTs the bytes to the ticket's presigned URL with `Content-Type` = the media type and no credentials (the URL
 * carries its own signature; the API token must never reach the storage host). Network errors, timeouts, 429 and 5xx
 * are retried like API calls (a PUT of the same bytes to the same key is idempotent). A 403 is what a storage
 * answers for an expired signature: the caller gets a fresh ticket.
 */
async function putBytes(ctx: UploadContext, ticket: Ticket, bytes: Uint8Array<ArrayBuffer>, mediaType: string, options: UploadOptions): Promise<PutOutcome> {
  const where = { method: 'PUT', path: storageLabel(ticket.signedPutUrl) };
  const what = `PUT ${where.path} (the ticket's presigned upload URL)`;
  const timeoutMs = options.timeoutMs ?? ctx.timeoutMs;
  const retries = ctx.retry === false ? 0 : ctx.retry.retries;
  for (let attempt = 0; ; attempt += 1) {
    options.signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
    let failure: KleinanzeigenHttpError;
    try {
      const response = await ctx.fetch(new Request(ticket.signedPutUrl, { method: 'PUT', headers: { 'Content-Type': mediaType }, body: bytes, signal }));
      const text = await response.text();
      if (response.ok) return 'stored';
      if (response.status === 403) return 'refused';
      const body = redactSecrets(text, signatureParts(ticket.signedPutUrl));
      failure = new KleinanzeigenHttpError(`${what} failed with HTTP ${response.status}; the storage refused the upload (are the bytes a JPEG or PNG image, and not too large?)`, {
        ...where,
        status: response.status,
        body,
      });
      if (!RETRYABLE_STATUSES.has(response.status)) throw failure;
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (error instanceof KleinanzeigenHttpError) throw error;
      failure = timeout.aborted
        ? new KleinanzeigenTimeoutError(`${what} got no response within ${timeoutMs} ms; raise timeoutMs or try again later`, where)
        : new KleinanzeigenHttpError(`${what} failed before any response (network error); check the connection`, { ...where, cause: error });
    }
    if (ctx.retry === false || attempt >= retries) throw failure;
    await sleep(backoffDelay(attempt, ctx.retry), options.signal);
  }
}

/**
 * Uploads one image to a listing and answers the listing's image URLs afterwards.
 *
 * @example
 * const urls = await uploadMedia(ctx, listingUuid, bytes, 'image/jpeg');
 */
export async function uploadMedia(ctx: UploadContext, listingUuid: string, data: UploadData, mediaType: SupportedMediaType, options: UploadOptions = {}): Promise<string[]> {
  assertMediaType(mediaType);
  const bytes = await toBytes(data);
  if (bytes.byteLength === 0) throw new TypeError('client.media.upload: data is empty; pass the image bytes');
  const { rt } = ctx;
  const call: CallOptions = options;
  const readUrls = async () => (await rt.call<Listing>(getlisting, { path: { uuid: listingUuid } }, call)).urls ?? [];
  const attach = (ticketUuid: string) => rt.call<undefined>(addmedia, { path: { uuid: listingUuid }, body: { ticketUuid } }, call);
  // Read first: an unknown listing fails before a ticket is spent, and a lost attach is told by a new URL.
  const before = new Set(await readUrls());
  const attachWhere = { method: addmedia.method, path: fillPath(addmedia.path, { uuid: listingUuid }) };
  let lastFailure: unknown;

  for (let round = 0; round < MAX_TICKETS; round += 1) {
    const ticket = await freshTicket(rt, mediaType, call);
    if (expired(ticket)) {
      lastFailure = new Error(`ticket ${ticket.ticketUuid} expired at ${ticket.expireAt}, before the upload`);
      continue;
    }
    if ((await putBytes(ctx, ticket, bytes, mediaType, options)) === 'refused') {
      lastFailure = new KleinanzeigenForbiddenError(`PUT ${storageLabel(ticket.signedPutUrl)} was refused (403): the presigned URL expired or its signature does not match`, {
        method: 'PUT',
        path: storageLabel(ticket.signedPutUrl),
        status: 403,
      });
      continue;
    }
    if (expired(ticket)) {
      lastFailure = new Error(`ticket ${ticket.ticketUuid} expired at ${ticket.expireAt}, before the attach`);
      continue;
    }
    const attached = await attachSettled({ attach: () => attach(ticket.ticketUuid), readUrls, before, signal: options.signal });
    if (attached instanceof KleinanzeigenGoneError) {
      lastFailure = attached;
      continue;
    }
    // The image is attached: a read that fails in passing must not turn that into a failure.
    return attached ?? readToSettle(readUrls, options.signal);
  }
  throw gaveUp(listingUuid, attachWhere, lastFailure);
}

/** Ticket requests in a row whose answer was lost before the upload gives up (a ticket costs nothing). */
const MAX_TICKET_REQUESTS = 4;

/**
 * A ticket. The request is sent once (a repeat issues another ticket), so when its answer was lost (or a
 * 500/502/504 came) a fresh ticket is asked for: the one that may have been issued expires unused.
 */
async function freshTicket(rt: Runtime, mediaType: string, call: CallOptions): Promise<Ticket> {
  for (let request = 1; ; request += 1) {
    try {
      return await rt.call<Ticket>(requestticket, { body: { mediaType } }, call);
    } catch (error) {
      if (!(error instanceof KleinanzeigenOutcomeUnknownError) || call.signal?.aborted === true || request >= MAX_TICKET_REQUESTS) throw error;
      rt.log(`POST /v1/media: the answer was lost; asking for a fresh ticket`);
    }
  }
}

/** Attaches sent for one ticket when each one's outcome was unknown and the listing showed no new image. */
const MAX_ATTACHES = 3;

/**
 * The attach whose outcome is settled: it is sent once (a repeat after a lost success meets a used ticket), so when
 * its answer was lost (or a 500/502/504 came) the listing is read: a URL it did not have before is this image. None
 * means the attach did not arrive, and sending it again is no longer blind: 204 attaches it, 409 (the ticket is
 * used) says an earlier attempt had attached it after all. Answers the listing's URLs when it read them, undefined
 * when they are still to be read, or the 410 of an expired ticket (the caller takes a fresh one).
 */
async function attachSettled(step: {
  attach: () => Promise<unknown>;
  readUrls: () => Promise<string[]>;
  before: ReadonlySet<string>;
  signal: AbortSignal | undefined;
}): Promise<string[] | KleinanzeigenGoneError | undefined> {
  const aborted = (): boolean => step.signal?.aborted === true;
  for (let sent = 1; ; sent += 1) {
    try {
      await step.attach();
      return undefined;
    } catch (error) {
      if (error instanceof KleinanzeigenGoneError) return error;
      // 409 on a repeat: the ticket was used, by an earlier attempt of this attach.
      if (sent > 1 && error instanceof KleinanzeigenConflictError) return undefined;
      if (!(error instanceof KleinanzeigenOutcomeUnknownError) || aborted()) throw error;
      let urls: string[];
      try {
        urls = await readToSettle(step.readUrls, step.signal);
      } catch (readError) {
        if (aborted()) throw readError;
        throw new KleinanzeigenOutcomeUnknownError(`${error.message} (reading the listing failed: ${readError instanceof Error ? readError.message : String(readError)})`, {
          method: error.method,
          path: error.path,
          operation: error.operation,
          cause: error,
          ...(error.status === undefined ? {} : { status: error.status, body: error.body }),
        });
      }
      if (urls.some((url) => !step.before.has(url))) return urls;
      if (sent >= MAX_ATTACHES) throw error;
    }
  }
}

/** The error after every ticket failed: a storage that keeps refusing is not an expiry problem. */
function gaveUp(listingUuid: string, where: { method: string; path: string }, lastFailure: unknown): Error {
  const start = `client.media.upload to listing ${listingUuid}: ${MAX_TICKETS} tickets in a row failed`;
  if (lastFailure instanceof KleinanzeigenForbiddenError) {
    return new KleinanzeigenForbiddenError(
      `${start}: the storage refused every presigned PUT (403). The URL's signature did not accept the request (expired, or a proxy changed the Content-Type header)`,
      { method: lastFailure.method, path: lastFailure.path, status: 403, cause: lastFailure },
    );
  }
  return new KleinanzeigenGoneError(
    `${start}: each expired before the image was attached. Check this machine's clock (a ticket expires at its expireAt) and the upload speed`,
    { ...where, ...(lastFailure instanceof KleinanzeigenGoneError ? { status: 410, body: lastFailure.body } : {}), cause: lastFailure },
  );
}
