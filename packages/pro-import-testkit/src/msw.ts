import { mswHandlers } from '@x/fake-runtime/msw';
import type { HttpHandler } from 'msw';
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
  return mswHandlers({
    patterns: [`${base.origin}${basePath}/*`],
    handle: (request) => handleRequest(fake, request, { ...options, basePath }),
  });
}

export { createFake, ProImportFake } from './fake/fake.js';
