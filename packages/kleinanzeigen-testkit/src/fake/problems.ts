import type { FieldError } from '@x/kleinanzeigen-client/validators';

/** What an operation answers; the HTTP layer turns it into a response (no body: `body` undefined). */
export type ApiResult = { status: number; body?: unknown; headers?: Record<string, string> };

/** Reason phrases as Spring's `HttpStatus` writes them into a problem's `title`. */
export const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Where a problem happened: `instance` of style A and of style B (see `instancesOf`). */
export type ProblemPlace = { instance: string; instanceB: string };

/**
 * A style-A problem body exactly as the documents show it: `type`, `status`, `title`, `detail`, `instance`, then the
 * extension members Spring writes at the top level (`errors` of a validation error, G-10) and the three empty
 * `localized*` members.
 */
export function problemBody(status: number, detail: string, instance: string, errors?: FieldError[]): Record<string, unknown> {
  return {
    type: 'about:blank',
    status,
    title: REASONS[status] ?? 'Error',
    detail,
    instance,
    ...(errors === undefined ? {} : { errors }),
    localizedTitle: '',
    localizedDetail: '',
    localizedMessage: '',
  };
}

/** A style-A problem answer (every goods operation but the publication-state ones). */
export function problem(place: ProblemPlace, status: number, detail: string, errors?: FieldError[]): ApiResult {
  return { status, body: problemBody(status, detail, place.instance, errors) };
}

/**
 * A style-B problem answer (the two publication-state operations): `status`, an upper-case `title` token, `detail`
 * and an `instance` that keeps the query string and drops `/state` (G-23).
 */
export function problemB(place: ProblemPlace, status: number, detail: string): ApiResult {
  const title = (REASONS[status] ?? 'Error').toUpperCase().replace(/ /g, '_');
  return { status, body: { status, title, detail, instance: place.instanceB } };
}

/** `Listing not found`, the documented 404 of every listing operation. */
export const listingNotFound = (place: ProblemPlace): ApiResult => problem(place, 404, 'Listing not found');

/**
 * The problem instances of a goods request: the request path without the `goods` segment (`/api/v1/...`, G-23);
 * style B keeps the query string and drops a trailing `/state`, as the documents' examples do.
 *
 * @example
 * instancesOf('/v1/listings/L/publications/P/state', '?requestedState=PAUSED');
 * // { instance: '/api/v1/listings/L/publications/P/state', instanceB: '/api/v1/listings/L/publications/P?requestedState=PAUSED' }
 */
export function instancesOf(canonicalPath: string, search: string): ProblemPlace {
  return { instance: `/api${canonicalPath}`, instanceB: `/api${canonicalPath.replace(/\/state$/, '')}${search}` };
}
