/**
 * The errors the client throws. Every one names the method and the path it is about (the path with its ids filled
 * in, relative to the base URL) and never the token: the token is not reachable from any error.
 */

import { ApiHttpError, describeBody, type ErrorFactory, type HttpErrorInit } from '@x/client-runtime';
import type { FieldProblem } from '@x/client-runtime/validation';

import type { DrfErrorBody, FieldErrors } from './validation/drf-errors.js';

export type { DrfErrorBody, FieldErrors, FieldProblem, HttpErrorInit };

/**
 * Base class of every error the client throws. `status` is undefined when no response arrived.
 *
 * @example
 * try {
 *   await client.car.get('car-1');
 * } catch (error) {
 *   if (error instanceof ProImportNotFoundError) return undefined;
 *   if (error instanceof ProImportHttpError) console.error(error.method, error.path, error.status);
 *   throw error;
 * }
 */
export class ProImportHttpError extends ApiHttpError {
  /** Builds the right subclass for a non-2xx response. */
  static fromResponse(init: HttpErrorInit & { status: number }): ProImportHttpError {
    const where = `${init.method} ${init.path}`;
    switch (init.status) {
      case 400:
        return new ProImportValidationError(init);
      case 401:
        return new ProImportAuthError(`${where} was rejected (401): the token is missing, invalid or expired; create a new one${describeBody(init.body)}`, init);
      case 403:
        return new ProImportForbiddenError(`${where} is not allowed for this token (403): it lacks the scope this endpoint needs${describeBody(init.body)}`, init);
      case 404:
        return new ProImportNotFoundError(`${where} found nothing (404): no such ad for this dealer${describeBody(init.body)}`, init);
      default:
        return new ProImportHttpError(`${where} failed with HTTP ${init.status}${describeBody(init.body)}`, init);
    }
  }
}

/**
 * 400: the API (or `validate: true` before sending) rejected the body. `body` is the raw DRF error body;
 * `errors` the same flattened into `{ path, messages }`.
 *
 * @example
 * catch (error) {
 *   if (error instanceof ProImportValidationError) for (const e of error.errors) console.log(e.path, e.messages);
 * }
 */
export class ProImportValidationError extends ProImportHttpError {
  readonly errors: FieldProblem[];

  constructor(init: HttpErrorInit) {
    const errors = flattenErrors(init.body);
    const summary = errors.map((e) => `${e.path === '' ? '(non-field)' : e.path}: ${e.messages.join(' ')}`).join('; ');
    super(`${init.method} ${init.path} was rejected as invalid (400): ${summary || describeBody(init.body).slice(2)}`, { ...init, status: 400 });
    this.errors = errors;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errors: this.errors };
  }
}

/** 401: missing, invalid or expired token. */
export class ProImportAuthError extends ProImportHttpError {}
/** 403: the token is valid but lacks the scope the endpoint needs. */
export class ProImportForbiddenError extends ProImportHttpError {}
/** 404: no such ad, or it belongs to another dealer. */
export class ProImportNotFoundError extends ProImportHttpError {}

/** No response within `timeoutMs`, or a wait helper gave up after its `timeoutMs`. */
export class ProImportTimeoutError extends ProImportHttpError {}

/**
 * A create may have reached the server (its answer was lost, or an error came after the work), and the client
 * could not find out whether the ad exists: reading it back failed as well. This is not a validation error and not
 * a failure: the ad may exist. Read it later (`client.car.get(sourceId)`), or send the same create again: a create
 * of the caller's own ad is recognised and answers the stored ad. `cause` is the create's last error,
 * `readError` the read-back's.
 *
 * @example
 * catch (error) {
 *   if (error instanceof ProImportOutcomeUnknownError) queue.retryLater(error.sourceId);
 * }
 */
export class ProImportOutcomeUnknownError extends ProImportHttpError {
  /** The source_id of the ad the create was for. */
  readonly sourceId: string;
  /** Why the read-back failed. */
  readonly readError: unknown;

  constructor(message: string, init: HttpErrorInit & { sourceId: string; readError: unknown }) {
    super(message, init);
    this.sourceId = init.sourceId;
    this.readError = init.readError;
  }

  override toJSON(): Record<string, unknown> {
    const readError = this.readError instanceof ApiHttpError ? this.readError.toJSON() : String(this.readError);
    return { ...super.toJSON(), sourceId: this.sourceId, readError };
  }
}

/**
 * An asynchronous action of the request ended in `error`; `entries` are that request's log entries.
 *
 * @example
 * catch (error) {
 *   if (error instanceof ProImportActionError) console.log(error.requestId, error.entries.at(-1));
 * }
 */
export class ProImportActionError<Entry = unknown> extends ProImportHttpError {
  /** The `request_id` of the log entries (the API's request id: the same id a response header carries where one does). */
  override readonly requestId: string;
  readonly entries: Entry[];

  constructor(message: string, init: HttpErrorInit & { requestId: string; entries: Entry[] }) {
    super(message, init);
    this.requestId = init.requestId;
    this.entries = init.entries;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), requestId: this.requestId, entries: this.entries };
  }
}

/**
 * Flattens a DRF error body: `{category_fields: {brand: ['x']}}` -> `[{path: 'category_fields.brand', messages: ['x']}]`,
 * list positions become indices (`price.1.type`), a bare list of strings is non-field errors (path `''`).
 *
 * @example
 * flattenErrors({ price: [{}, { type: ['Not allowed.'] }] }); // [{ path: 'price.1.type', messages: ['Not allowed.'] }]
 */
export function flattenErrors(body: unknown, prefix = ''): FieldProblem[] {
  if (typeof body === 'string') return [{ path: prefix, messages: [body] }];
  if (Array.isArray(body)) {
    if (body.every((item) => typeof item === 'string')) return body.length === 0 ? [] : [{ path: prefix, messages: body }];
    return body.flatMap((item, index) => flattenErrors(item, join(prefix, String(index))));
  }
  if (body !== null && typeof body === 'object') {
    return Object.entries(body).flatMap(([key, value]) =>
      flattenErrors(value, key === 'non_field_errors' ? prefix : join(prefix, key)),
    );
  }
  return [];
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/** How the shared runtime makes this client's errors. */
export const proImportErrors: ErrorFactory = {
  response: (init) => ProImportHttpError.fromResponse(init),
  timeout: (message, init) => new ProImportTimeoutError(message, init),
  transport: (message, init) => new ProImportHttpError(message, init),
  validation: (init) => new ProImportValidationError(init),
};
