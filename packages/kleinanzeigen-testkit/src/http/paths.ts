/** Where each part of the Kleinanzeigen fake lives on its one server. */

/**
 * The goods API, as in production (`https://developer.kleinanzeigen.de/api/goods`).
 *
 * @example
 * const baseUrl = `http://127.0.0.1:4020${GOODS_BASE}`;
 */
export const GOODS_BASE = '/api/goods';
/**
 * The OAuth token endpoint (`https://developer.kleinanzeigen.de/v2/oidc/token`).
 *
 * @example
 * const tokenUrl = `http://127.0.0.1:4020${TOKEN_PATH}`;
 */
export const TOKEN_PATH = '/v2/oidc/token';
/**
 * The OpenAPI document of the snapshot, as JSON.
 *
 * @example
 * const doc = await (await fetch(`http://127.0.0.1:4020${OPENAPI_PATH}`)).json();
 */
export const OPENAPI_PATH = `${GOODS_BASE}/openapi.json`;
/** The admin API of the fake (no auth: the server binds to 127.0.0.1). */
export const ADMIN_PATH = '/__fake';
/** The fake's storage: presigned uploads and the stored images. */
export const STORAGE_PATH = '/__storage';

/**
 * The canonical goods path of a request path relative to `/api/goods`: the guides' singular shorthand (`/listing/...`,
 * `.../publication/...`) and paths without `/v1` are aliases of the operation pages' plural `/v1/...` paths.
 *
 * @example
 * canonicalGoodsPath('/listing/L/publication/P'); // '/v1/listings/L/publications/P'
 * canonicalGoodsPath('/v1/listings/L/media');     // '/v1/listings/L/media'
 */
export function canonicalGoodsPath(relative: string): string {
  const segments = relative.split('/').filter((s) => s !== '');
  if (segments[0] !== 'v1') segments.unshift('v1');
  if (segments[1] === 'listing') segments[1] = 'listings';
  if (segments[1] === 'listings' && segments[3] === 'publication') segments[3] = 'publications';
  return `/${segments.join('/')}`;
}
