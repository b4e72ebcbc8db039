import { json, type FakeRequest, type FakeResponse, type RequestHandler } from '../http/types.js';
import { viewAsset } from './assets.js';
import { eventStreamResponse, type ChangeFeed } from './live.js';
import { VIEW_PATH } from './page.js';

const READS = new Set(['GET', 'HEAD']);

/**
 * Options of `webViewHandler`.
 *
 * @example
 * const options: WebViewHandlerOptions = { feed, pages: (request, url) => (url.pathname === '/' ? listPage(request, url) : undefined), next: api };
 */
export type WebViewHandlerOptions = {
  /** The changes the view follows; the handler marks one after every request that may write. */
  feed: ChangeFeed;
  /** The fake's pages: an answer for a page's path (GET or HEAD), `undefined` for anything else. */
  pages: (request: FakeRequest, url: URL) => FakeResponse | undefined;
  /** The fake's own handler: the API, the admin API and everything the view does not serve. */
  next: RequestHandler;
};

/**
 * A fake's handler with its web view in front: the views' assets and event stream under `/__view/`, the fake's pages
 * (GET only), and everything else handled by the fake as before. Every request other than GET and HEAD (an API
 * write, an admin write) marks a change, which live pages then show; the fake's clock marks the work it does on its
 * own (`ChangeFeed`'s `clock`). The view reads the fake's state as the API does: nothing is cached apart.
 *
 * @example
 * const feed = new ChangeFeed({ clock: fake.clock });
 * const handle = webViewHandler({ feed, pages: (request, url) => renderPages(fake, feed, request, url), next: api });
 * await startHttpServer({ handle, onClose: () => feed.close() });
 */
export function webViewHandler(options: WebViewHandlerOptions): RequestHandler {
  return async (request) => {
    const method = request.method.toUpperCase();
    let url: URL | undefined;
    try {
      url = new URL(request.url);
    } catch {
      url = undefined;
    }
    if (url !== undefined && (url.pathname === VIEW_PATH || url.pathname.startsWith(`${VIEW_PATH}/`))) {
      if (!READS.has(method)) return json(405, { detail: `Method "${method}" not allowed: the web view only reads.` }, { allow: 'GET, HEAD' });
      const name = url.pathname.slice(VIEW_PATH.length);
      if (name === '/events') return eventStreamResponse(options.feed);
      return viewAsset(name) ?? json(404, { detail: `Not found: ${url.pathname} is not part of the web view.` });
    }
    if (url !== undefined && READS.has(method)) {
      const page = options.pages(request, url);
      if (page !== undefined) return page;
    }
    try {
      return await options.next(request);
    } finally {
      if (!READS.has(method)) options.feed.changed();
    }
  };
}
