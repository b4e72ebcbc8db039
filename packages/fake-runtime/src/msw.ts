import { http, HttpResponse, type HttpHandler } from 'msw';
import type { FakeRequest, FakeResponse } from './http/types.js';

/**
 * Options of `mswHandlers`.
 *
 * @example
 * const options: MswHandlerOptions = { patterns: ['https://api.example.com/v1/*'], handle };
 */
export type MswHandlerOptions = {
  /** msw URL patterns to answer, each an absolute URL, usually ending in `/*`. */
  patterns: readonly string[];
  /** The fake's one request handler, the same the HTTP server runs. */
  handle: (request: FakeRequest) => Promise<FakeResponse>;
};

/** A streamed body as a web stream, one list of bytes per pull; cancelling it (the reader went away) aborts it. */
function readable(stream: NonNullable<FakeResponse['stream']>): ReadableStream<Uint8Array> {
  const stop = new AbortController();
  const lists = stream(stop.signal);
  const iterator: Iterator<Uint8Array[]> | AsyncIterator<Uint8Array[]> =
    Symbol.asyncIterator in lists ? lists[Symbol.asyncIterator]() : lists[Symbol.iterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done === true) controller.close();
      else for (const bytes of next.value) controller.enqueue(new Uint8Array(bytes));
    },
    cancel() {
      stop.abort();
    },
  });
}

/**
 * msw handlers that answer every request matching `patterns` from a fake's request handler, so msw and the HTTP
 * server run the same code. Bodies of methods other than GET and HEAD are read as bytes.
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { mswHandlers } from '@x/fake-runtime/msw';
 *
 * const server = setupServer(...mswHandlers({ patterns: ['https://api.example.com/v1/*'], handle }));
 * server.listen({ onUnhandledRequest: 'error' });
 */
export function mswHandlers(options: MswHandlerOptions): HttpHandler[] {
  return options.patterns.map((pattern) =>
    http.all(pattern, async ({ request }) => {
      const hasBody = !['GET', 'HEAD'].includes(request.method.toUpperCase());
      const bytes = hasBody ? new Uint8Array(await request.arrayBuffer()) : null;
      const response = await options.handle({
        method: request.method,
        url: request.url,
        header: (name) => request.headers.get(name),
        body: bytes,
      });
      // msw's HttpResponse drops the body of 204, 205 and 304 answers itself (fetch's Response would throw).
      if (response.stream !== undefined) return new HttpResponse(readable(response.stream), { status: response.status, headers: response.headers });
      const body = typeof response.body === 'string' ? response.body : new Uint8Array(response.body).buffer;
      return new HttpResponse(body, { status: response.status, headers: response.headers });
    }),
  );
}
