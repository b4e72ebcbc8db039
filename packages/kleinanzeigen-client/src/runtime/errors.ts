/**
 * The errors the client throws. Every one names the method and the path it is about (the path with its ids filled
 * in, relative to the base URL), says what to do, and never shows a token or the client secret: the runtime redacts
 * them from every body before an error is made, and no message here quotes a request header.
 */

import { ApiHttpError, describeBody, type ErrorFactory, type HttpErrorInit, type Where } from '@x/client-runtime';
import type { components } from '../generated/paths.gen.js';
import { problemFieldErrors, SUPPORTED_MEDIA_TYPES, type FieldError } from './validation/problem.js';

export type { FieldError, HttpErrorInit, Where };

/**
 * A problem-details body as the gateway answers it: Spring's style A (`type`, `title`, `status`, `detail`,
 * `instance`, the empty `localized*` members, field errors in `errors`) or the publication-state operations'
 * style B (no `type`, an upper-case `title` such as `NOT_FOUND`).
 *
 * @example
 * const problem: ProblemDetails = { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Listing not found', instance: '/api/v1/listings/123' };
 */
export type ProblemDetails = {
  type?: string;
  title?: string | null;
  status?: number;
  detail?: string | null;
  instance?: string | null;
  errors?: FieldError[];
  [member: string]: unknown;
};

/**
 * A publication as `GET /v1/listings/{uuid}/publications/{publicationUuid}` answers it.
 *
 * @example
 * const publication: Publication = await client.publications.get(listingUuid, publicationUuid);
 * if (publication.status === 'REJECTED') console.error(publication.statusReason);
 */
export type Publication = components['schemas']['Publication'];

function problemOf(body: unknown): ProblemDetails | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const looksLikeProblem = ['type', 'title', 'status', 'detail', 'instance'].some((key) => key in record);
  return looksLikeProblem ? (record as ProblemDetails) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `: <detail>` of a problem body, else the body cut short. */
function reason(body: unknown): string {
  const detail = text(problemOf(body)?.detail);
  return detail === undefined ? describeBody(body) : `: ${detail}`;
}

/**
 * Base class of every error the client throws. `status` is undefined when no response arrived. The problem-details
 * members of the answer are read out (`type`, `title`, `detail`, `instance`) and the whole body is `problem`.
 *
 * @example
 * try {
 *   await client.listings.get(uuid);
 * } catch (error) {
 *   if (error instanceof KleinanzeigenNotFoundError) return undefined;
 *   if (error instanceof KleinanzeigenHttpError) console.error(error.method, error.path, error.status, error.detail);
 *   throw error;
 * }
 */
export class KleinanzeigenHttpError extends ApiHttpError {
  /** The problem type (`about:blank`), when the body is problem details. */
  readonly type: string | undefined;
  /** `Not Found` (style A) or `NOT_FOUND` (the publication-state operations' style B). */
  readonly title: string | undefined;
  /** What went wrong, in the server's words (`Listing not found`). */
  readonly detail: string | undefined;
  /** The request path the server names (`/api/v1/listings/...`, without `goods`). */
  readonly instance: string | undefined;
  /** The whole problem-details body, when the answer was one. */
  readonly problem: ProblemDetails | undefined;

  constructor(message: string, init: HttpErrorInit) {
    super(message, init);
    const problem = problemOf(init.body);
    this.problem = problem;
    this.type = text(problem?.type);
    this.title = text(problem?.title);
    this.detail = text(problem?.detail);
    this.instance = text(problem?.instance);
  }

  /** Builds the right subclass for a non-2xx answer of the goods API. */
  static fromResponse(init: HttpErrorInit & { status: number }): KleinanzeigenHttpError {
    const where = `${init.method} ${init.path}`;
    const why = reason(init.body);
    switch (init.status) {
      case 400:
        return validationError(init, { sent: true });
      case 401:
        return new KleinanzeigenAuthError(
          `${where} was refused (401): the access token is missing, invalid or expired, and a renewed one was refused too${why}. Check the client id and secret (or the token you pass) and that the API client is active`,
          init,
        );
      case 403:
        return new KleinanzeigenForbiddenError(
          `${where} is forbidden (403) for this token${why}. Tokens must be issued for the audience "consumer-goods-api" (the default) to an account that may use the goods API`,
          init,
        );
      case 404:
        return new KleinanzeigenNotFoundError(`${where} found nothing (404)${why}. The uuid is unknown, was deleted, or belongs to another account`, init);
      case 409:
        return new KleinanzeigenConflictError(
          `${where} conflicts with the current state (409)${why}. Read the resource again before retrying (a ticket attaches only once; a PENDING or DELETED publication cannot change state)`,
          init,
        );
      case 410:
        return new KleinanzeigenGoneError(`${where} is gone (410)${why}. The media ticket expired: request a new one (client.media.upload does so on its own)`, init);
      case 415:
        return new KleinanzeigenUnsupportedMediaTypeError(`${where} was refused (415)${why}. Use one of ${SUPPORTED_MEDIA_TYPES.join(', ')}`, init);
      default:
        if (init.status === 429 || init.status >= 500) {
          return new KleinanzeigenHttpError(`${where} failed with HTTP ${init.status}${why}; the server is busy or failing: try again later`, init);
        }
        return new KleinanzeigenHttpError(`${where} failed with HTTP ${init.status}${why}`, init);
    }
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), type: this.type, title: this.title, detail: this.detail, instance: this.instance };
  }
}

/** The field errors of a 400: the problem's `errors`, or the token endpoint's `{error, error_description}` as one. */
function fieldErrorsOf(body: unknown): FieldError[] {
  const fields = problemFieldErrors(body);
  if (fields.length > 0) return fields;
  if (body === null || typeof body !== 'object') return [];
  const { error, error_description: description } = body as Record<string, unknown>;
  if (typeof error !== 'string') return [];
  return [{ field: '', message: typeof description === 'string' && description !== '' ? `${error}: ${description}` : error }];
}

/**
 * 400: the server (or `validate: true`, before sending) refused the request. `errors` lists the refused fields as
 * the body names them (`{ field: 'price.amount', message: 'must not be null' }`); it is empty when the server
 * could not read the body at all (`detail: "Failed to read request"`: malformed JSON or a value of the wrong type).
 *
 * @example
 * catch (error) {
 *   if (error instanceof KleinanzeigenValidationError) for (const e of error.errors) console.log(e.field, e.message);
 * }
 */
export class KleinanzeigenValidationError extends KleinanzeigenHttpError {
  readonly errors: FieldError[];
  /** False when the client's own validators refused the body and nothing was sent. */
  readonly sent: boolean;

  constructor(message: string, init: HttpErrorInit & { sent?: boolean }) {
    super(message, { ...init, status: 400 });
    this.errors = fieldErrorsOf(init.body);
    this.sent = init.sent !== false;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errors: this.errors, sent: this.sent };
  }
}

/**
 * What the validators refused before sending: the 400 of the refused fields, or the documented 415 of a media type
 * the API does not take (the same status and body the server answers).
 */
function refusedBeforeSending(init: HttpErrorInit): KleinanzeigenHttpError {
  const body = init.body;
  if (body !== null && typeof body === 'object' && (body as { status?: unknown }).status === 415) {
    const where = `${init.method} ${init.path}`;
    return new KleinanzeigenUnsupportedMediaTypeError(
      `${where} was not sent: the API answers a media type other than ${SUPPORTED_MEDIA_TYPES.join(' or ')} with 415${reason(body)} (validate option). Convert the image first`,
      { ...init, status: 415 },
    );
  }
  return validationError(init, { sent: false });
}

function validationError(init: HttpErrorInit, options: { sent: boolean }): KleinanzeigenValidationError {
  const where = `${init.method} ${init.path}`;
  const errors = fieldErrorsOf(init.body);
  const summary = errors.map((e) => `${e.field === '' ? '(body)' : e.field}: ${e.message}`).join('; ');
  const message = !options.sent
    ? `${where} was not sent: the body breaks documented rules the server refuses with a 400 (validate option): ${summary}. Correct these fields`
    : summary !== ''
      ? `${where} was refused as invalid (400): ${summary}. Correct these fields and send again`
      : `${where} was refused (400)${reason(init.body)}. The body or a query parameter is not what the endpoint expects (JSON types, field names, requestedState)`;
  return new KleinanzeigenValidationError(message, { ...init, sent: options.sent });
}

/**
 * 401: the token is missing, invalid or expired. With client credentials the client has already fetched a new
 * token once and that one was refused too.
 *
 * @example
 * catch (error) {
 *   if (error instanceof KleinanzeigenAuthError) alertOps('Kleinanzeigen credentials refused');
 * }
 */
export class KleinanzeigenAuthError extends KleinanzeigenHttpError {}

/**
 * 403: the token is valid but not for this API (another audience than `consumer-goods-api`).
 *
 * @example
 * catch (error) {
 *   if (error instanceof KleinanzeigenForbiddenError) console.error(error.detail);
 * }
 */
export class KleinanzeigenForbiddenError extends KleinanzeigenHttpError {}

/**
 * 404: no such listing, publication or ticket for this account (another account's are not found either).
 *
 * @example
 * const listing = await client.listings.get(uuid).catch((e) => (e instanceof KleinanzeigenNotFoundError ? undefined : Promise.reject(e)));
 */
export class KleinanzeigenNotFoundError extends KleinanzeigenHttpError {}

/**
 * 409: the request conflicts with the resource's state: a ticket already attached, a second publication under the
 * same imprint, a state change of a `PENDING` or `DELETED` publication.
 *
 * @example
 * catch (error) {
 *   if (error instanceof KleinanzeigenConflictError) console.warn(error.detail);
 * }
 */
export class KleinanzeigenConflictError extends KleinanzeigenHttpError {}

/**
 * 410: the media ticket expired before it was attached. Request a new ticket (`client.media.upload` does).
 *
 * @example
 * catch (error) {
 *   if (error instanceof KleinanzeigenGoneError) await client.media.upload(listingUuid, bytes, 'image/jpeg');
 * }
 */
export class KleinanzeigenGoneError extends KleinanzeigenHttpError {}

/**
 * 415: a media type the API does not take (only `image/jpeg` and `image/png`). `client.media.upload` throws it
 * before sending anything.
 *
 * @example
 * catch (error) {
 *   if (error instanceof KleinanzeigenUnsupportedMediaTypeError) console.error(error.detail);
 * }
 */
export class KleinanzeigenUnsupportedMediaTypeError extends KleinanzeigenHttpError {}

/**
 * No answer within `timeoutMs` (per attempt), or a wait helper gave up after its own `timeoutMs`.
 *
 * @example
 * catch (error) {
 *   if (error instanceof KleinanzeigenTimeoutError) scheduleRetry();
 * }
 */
export class KleinanzeigenTimeoutError extends KleinanzeigenHttpError {
  /** For a wait that gave up: the publication as last read. */
  readonly publication: Publication | undefined;

  constructor(message: string, init: HttpErrorInit & { publication?: Publication }) {
    super(message, init);
    this.publication = init.publication;
  }
}

/**
 * A publication that was waited for ended in a state other than `PUBLISHED` or `PAUSED`; `publication` is it as
 * last read.
 *
 * @example
 * catch (error) {
 *   if (error instanceof KleinanzeigenPublicationError) console.error(error.publication.status);
 * }
 */
export class KleinanzeigenPublicationError extends KleinanzeigenHttpError {
  readonly publication: Publication;

  constructor(message: string, init: HttpErrorInit & { publication: Publication }) {
    super(message, init);
    this.publication = init.publication;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), publication: this.publication };
  }
}

/**
 * The publication was `REJECTED` by the asynchronous validation; `statusReason` says why (fix the listing, then
 * republish).
 *
 * @example
 * catch (error) {
 *   if (error instanceof KleinanzeigenPublicationRejectedError) console.error(error.statusReason);
 * }
 */
export class KleinanzeigenPublicationRejectedError extends KleinanzeigenPublicationError {
  readonly statusReason: string | null;

  constructor(message: string, init: HttpErrorInit & { publication: Publication }) {
    super(message, init);
    this.statusReason = init.publication.statusReason;
  }
}

/**
 * The publication is `DELETED` (its listing was deleted): it can never be published again.
 *
 * @example
 * catch (error) {
 *   if (error instanceof KleinanzeigenPublicationDeletedError) forget(error.publication.listingUuid);
 * }
 */
export class KleinanzeigenPublicationDeletedError extends KleinanzeigenPublicationError {}

/** What the caller can do when a call sent once may or may not have done its work, by operation. */
const WHAT_NOW: Record<string, string> = {
  'listings.create':
    'the listing may or may not exist, and the API offers no way to look it up (no listing collection or search, gap G-24). Do not create it again blindly: record it as possibly created (with its customReference) and check the account before creating it again',
  'imprints.create':
    'the imprint may or may not exist, and the API cannot list imprints (G-21). A second imprint with the same content does no harm: create it again if you need its uuid',
  'publications.create':
    "the publication may or may not exist, and reading the listing's publications to find it failed too. Read them later (publications.list) before publishing again",
  'media.attach':
    'the image may or may not be attached. Read the listing (listings.get): a new URL in urls is this image; or send the attach again: 204 attaches it, 409 means the first attach arrived',
  'media.requestTicket': 'a ticket may have been issued: request another one (a ticket that is never used expires)',
};

/**
 * A call that is sent once (it would do its work twice if repeated: `listings.create`, `imprints.create`,
 * `publications.create`, `media.attach`, `media.requestTicket`) failed after an attempt that may have done the work:
 * its answer was lost, or a 500, 502 or 504 came. The work may or may not be done; the message says how to find out.
 * `cause` is the call's last failure (its `status`, if an answer came, is this error's too); `operation` the method.
 * `publications.create` settles this itself by reading the listing's publications, and `media.upload` by reading the
 * listing, so they throw it only when those reads fail as well.
 *
 * @example
 * catch (error) {
 *   if (error instanceof KleinanzeigenOutcomeUnknownError && error.operation === 'listings.create') journal.markPossiblyCreated(reference);
 * }
 */
export class KleinanzeigenOutcomeUnknownError extends KleinanzeigenHttpError {
  /** The client method that was called (`listings.create`, `media.attach`, ...). */
  readonly operation: string;

  constructor(message: string, init: HttpErrorInit & { operation: string }) {
    super(message, { ...init, mayHaveArrived: true });
    this.operation = init.operation;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), operation: this.operation };
  }
}

/** The outcome-unknown error of a failed call sent once, carrying the failure's metadata (status, body, attempts). */
export function outcomeUnknown(error: Error, operation: { name: string; method: string; path: string }): KleinanzeigenOutcomeUnknownError {
  const failure = error instanceof ApiHttpError ? error : undefined;
  const happened = failure?.status === undefined ? 'its answer was lost' : `it answered HTTP ${failure.status}, which can come after the work`;
  const what = WHAT_NOW[operation.name] ?? 'the work may or may not be done: read the resource before sending it again';
  return new KleinanzeigenOutcomeUnknownError(`${operation.method} ${failure?.path ?? operation.path}: the outcome is unknown: ${happened}, and ${operation.name} is never sent twice; ${what}`, {
    method: operation.method,
    path: failure?.path ?? operation.path,
    operation: operation.name,
    cause: error,
    ...(failure?.status === undefined ? {} : { status: failure.status }),
    ...(failure?.body === undefined ? {} : { body: failure.body }),
    ...(failure?.headers === undefined ? {} : { headers: failure.headers }),
    ...(failure?.attempts === undefined ? {} : { attempts: failure.attempts }),
    ...(failure?.requestId === undefined ? {} : { requestId: failure.requestId }),
  });
}

/**
 * How the shared runtime makes this client's errors.
 *
 * @example
 * createRuntime({ ...settings, errors: kleinanzeigenErrors });
 */
export const kleinanzeigenErrors: ErrorFactory = {
  response: (init) => KleinanzeigenHttpError.fromResponse(init),
  timeout: (message, init) => new KleinanzeigenTimeoutError(message, init),
  transport: (message, init) => new KleinanzeigenHttpError(message, init),
  validation: (init) => refusedBeforeSending(init),
  outcomeUnknown: (error, operation) => outcomeUnknown(error, operation),
};
