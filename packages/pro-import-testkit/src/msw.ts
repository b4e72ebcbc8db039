import { http, HttpResponse, type HttpHandler } from 'msw';
import type { ProImportFake } from './fake/fake.js';
import { handleRequest, type HandlerOptions } from './http/handle.js';

export type MswOptions = Omit<HandlerOptions, 'basePath'> & {
  /** The base URL your client calls. Default: production, `https://api.blocket.se/pro-import-api`. */
  baseUrl?: string;
};

export const DEFAULT_BASE_URL = 'https://api.blocket.se/pro-import-api';

/**
 * msw handlers that answer every request under `baseUrl` from the fake.
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { createFake } from '@x/pro-import-testkit';
 * import { proImportHandlers } from '@x/pro-import-testkit/msw';
 *
 * const fake = createFake();
 * const server = setupServer(...proImportHandlers(fake));
 * server.listen({ onUnhandledRequest: 'error' });
 */
export function proImportHandlers(fake: ProImportFake, options: MswOptions = {}): HttpHandler[] {
  const base = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
  const basePath = base.pathname.replace(/\/+$/, '');
  const origin = base.origin;
  return [
    http.all(`${origin}${basePath}/*`, async ({ request }) => {
      const hasBody = !['GET', 'HEAD'].includes(request.method.toUpperCase());
      const bytes = hasBody ? new Uint8Array(await request.arrayBuffer()) : null;
      const response = await handleRequest(
        fake,
        {
          method: request.method,
          url: request.url,
          header: (name) => request.headers.get(name),
          body: bytes,
        },
        { ...options, basePath },
      );
      return new HttpResponse(response.body, { status: response.status, headers: response.headers });
    }),
  ];
}

export { createFake, ProImportFake } from './fake/fake.js';
