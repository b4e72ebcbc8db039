import { mswHandlers } from '@x/fake-runtime/msw';
import type { HttpHandler } from 'msw';
import type { KleinanzeigenFake } from './fake/fake.js';
import { handleKleinanzeigenRequest, type HandlerOptions } from './http/handle.js';
import { ADMIN_PATH, GOODS_BASE, STORAGE_PATH, TOKEN_PATH } from './http/paths.js';

/**
 * Options of `kleinanzeigenHandlers`.
 *
 * @example
 * kleinanzeigenHandlers(fake, { origin: 'https://staging.example.test', admin: true });
 */
export type MswOptions = HandlerOptions & {
  /** The origin your client calls. Default: production, `https://developer.kleinanzeigen.de`. */
  origin?: string;
};

/**
 * Production's origin: the goods API, the token endpoint and (in the fake) the storage live on it.
 *
 * @example
 * const tokenUrl = `${DEFAULT_ORIGIN}/v2/oidc/token`;
 */
export const DEFAULT_ORIGIN = 'https://developer.kleinanzeigen.de';

/**
 * msw handlers that answer the goods API (`<origin>/api/goods/*`), the token endpoint (`<origin>/v2/oidc/token`) and
 * the presigned uploads (`<origin>/__storage/*`, where the fake's `signedPutUrl`s point) from the fake; with
 * `{ admin: true }` also `<origin>/__fake/*`.
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { createKleinanzeigenFake } from '@x/kleinanzeigen-testkit';
 * import { kleinanzeigenHandlers } from '@x/kleinanzeigen-testkit/msw';
 *
 * const fake = createKleinanzeigenFake();
 * const server = setupServer(...kleinanzeigenHandlers(fake));
 * server.listen({ onUnhandledRequest: 'error' });
 */
export function kleinanzeigenHandlers(fake: KleinanzeigenFake, options: MswOptions = {}): HttpHandler[] {
  const origin = new URL(options.origin ?? DEFAULT_ORIGIN).origin;
  const patterns = [`${origin}${GOODS_BASE}/*`, `${origin}${TOKEN_PATH}`, `${origin}${STORAGE_PATH}/*`];
  if (options.admin === true) patterns.push(`${origin}${ADMIN_PATH}`, `${origin}${ADMIN_PATH}/*`);
  return mswHandlers({ patterns, handle: (request) => handleKleinanzeigenRequest(fake, request, options) });
}

export { createKleinanzeigenFake, KleinanzeigenFake } from './fake/fake.js';
