import { jsonBytes } from '../json-stream.js';

/**
 * A request as both faces (msw and node:http) hand it to a fake's one request handler.
 *
 * @example
 * const request: FakeRequest = {
 *   method: 'GET',
 *   url: 'http://127.0.0.1:4010/api/v1/things/1',
 *   header: (name) => (name === 'authorization' ? 'Bearer ...' : null),
 *   body: null,
 * };
 */
export type FakeRequest = {
  method: string;
  /** The absolute URL. */
  url: string;
  /** A header's value by (case-insensitive) name, or `null`. */
  header(name: string): string | null;
  /** The raw body (null when there is none). */
  body: Uint8Array | null;
};

/**
 * What a fake answers: a status, headers (lower-case names) and a body, text (`''` for none) or bytes. `Body`
 * narrows it for handlers that only answer text.
 *
 * @example
 * const noContent: FakeResponse = { status: 204, headers: {}, body: '' };
 * const image: FakeResponse = { status: 200, headers: { 'content-type': 'image/png' }, body: pngBytes };
 */
export type FakeResponse<Body extends string | Uint8Array = string | Uint8Array> = {
  status: number;
  headers: Record<string, string>;
  body: Body;
  /**
   * A body sent piece by piece instead of `body` (which is then `''`), in lists of bytes: one too large for one
   * string (a whole state, see `jsonStream`), or one that goes on as things happen (a web view's server-sent events,
   * see `eventStreamResponse`: an async iterable). The HTTP server lets the event loop run between lists; `signal`
   * aborts when the client goes away or the server drains, and the stream should then end.
   */
  stream?: (signal?: AbortSignal) => Iterable<Uint8Array[]> | AsyncIterable<Uint8Array[]>;
};

/**
 * The one request handler behind both faces. It should never throw (see `guardHandler`).
 *
 * @example
 * const handle: RequestHandler = async (request) => json(200, { method: request.method });
 */
export type RequestHandler = (request: FakeRequest) => Promise<FakeResponse>;

/**
 * A JSON answer (`content-type: application/json`); `headers` are added to (and may replace) that one.
 *
 * @example
 * return json(404, { detail: 'Not found.' });
 * return json(429, { detail: 'Slow down.' }, { 'retry-after': '5' });
 */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse<string> => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/**
 * A JSON answer of any size, sent piece by piece (`stream`): for a whole state, which may be larger than the largest
 * string (about 512 MiB), where `json()` would throw. The text is `jsonChunks`' layout (one item per line).
 *
 * @example
 * case 'GET /__fake/state':
 *   return jsonStream(200, fake.snapshot());
 */
export const jsonStream = (status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse<string> => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: '',
  stream: () => jsonBytes(body),
});

/**
 * A response without a body (`204 No Content` and the like).
 *
 * @example
 * return empty(204);
 */
export const empty = (status: number, headers: Record<string, string> = {}): FakeResponse<string> => ({
  status,
  headers,
  body: '',
});

/**
 * Wraps a handler so it never throws: anything unexpected becomes `onError(error, request)`, so a client under test
 * always gets an HTTP answer that says what failed.
 *
 * @example
 * const handle = guardHandler(async (request) => route(request), (error, request) =>
 *   json(500, { detail: `The fake failed to handle ${request.method} request: ${(error as Error).message}` }),
 * );
 */
export function guardHandler<R extends FakeResponse>(
  handle: (request: FakeRequest) => Promise<R>,
  onError: (error: unknown, request: FakeRequest) => R,
): (request: FakeRequest) => Promise<R> {
  return async (request) => {
    try {
      return await handle(request);
    } catch (error) {
      return onError(error, request);
    }
  };
}
