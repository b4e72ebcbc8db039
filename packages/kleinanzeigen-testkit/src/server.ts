import type { Server } from 'node:http';
import { ChangeFeed, DEFAULT_BODY_LIMITS, DEFAULT_MAX_STATE_BYTES, isStateUpload, json, startHttpServer, webViewHandler, type FakeResponse } from '@x/fake-runtime';
import { createKleinanzeigenFake, type KleinanzeigenFake, type KleinanzeigenFakeOptions } from './fake/fake.js';
import { MAX_STORED_BYTES } from './fake/media.js';
import { problemBody } from './fake/problems.js';
import { handleKleinanzeigenRequest, type HandlerOptions } from './http/handle.js';
import { ADMIN_PATH, GOODS_BASE, OPENAPI_PATH, STORAGE_PATH, TOKEN_PATH } from './http/paths.js';
import { storageError } from './http/storage.js';
import { kleinanzeigenPages } from './web/pages.js';

/**
 * Options of `startKleinanzeigenServer`.
 *
 * @example
 * await startKleinanzeigenServer({ port: 4020, fakeOptions: { latencyMs: 0, clients: [{ clientId: 'shop', clientSecret: 'local' }] } });
 */
export type KleinanzeigenServerOptions = {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1 (the admin API has no auth: do not expose it). */
  host?: string;
  /** The fake to serve; default a new one on the real clock (with `fakeOptions`). */
  fake?: KleinanzeigenFake;
  fakeOptions?: KleinanzeigenFakeOptions;
  handler?: HandlerOptions;
  /** Called with each answer just before it is sent (`--state` marks the state as changed there). */
  onResponse?: (request: { method: string; path: string }, response: FakeResponse) => void;
  /**
   * Host names accepted besides localhost and IP addresses (`pnpm fake:kleinanzeigen --allow-host`): every other
   * name is refused with 403, so a web page cannot reach the fake through DNS rebinding. See `checkLocalRequest` in
   * `@x/fake-runtime`, which also keeps admin writes to programs and the fake's own pages.
   */
  allowHosts?: readonly string[];
  /** One line per request (`GET /api/goods/v1/listings/... 200 1.2 ms`); the command prints them unless `--quiet`. */
  log?: (line: string) => void;
  /**
   * Serve the web view at `/` (the listings as cards, a page per listing with its media and publications, live):
   * default true. Its admin controls appear only when the admin API is served (`handler.admin`, on by default).
   */
  view?: boolean;
};

/**
 * A running server: its URLs, the fake behind it, and `close()`.
 *
 * @example
 * const running: RunningKleinanzeigenServer = await startKleinanzeigenServer();
 * const client = createKleinanzeigenClient({ baseUrl: running.baseUrl, tokenUrl: running.tokenUrl, clientId, clientSecret });
 */
export type RunningKleinanzeigenServer = {
  fake: KleinanzeigenFake;
  server: Server;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `http://127.0.0.1:<port>/api/goods`: the client's `baseUrl`. */
  baseUrl: string;
  /** `http://127.0.0.1:<port>/v2/oidc/token`: the client's `tokenUrl`. */
  tokenUrl: string;
  /** `http://127.0.0.1:<port>/api/goods/openapi.json` */
  openapiUrl: string;
  port: number;
  /**
   * Stops accepting requests and resolves once every request already being handled has been answered (later ones
   * get 503): the state is final from then on, so take the last snapshot after it.
   */
  drain(options?: { timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
};

const isStorage = (path: string) => path.startsWith(`${STORAGE_PATH}/`);

/**
 * Serves a fake over real HTTP on one port: the goods API, the token endpoint, the OpenAPI document, the presigned
 * uploads and the admin API.
 *
 * @example
 * const running = await startKleinanzeigenServer({ port: 4020, fakeOptions: { latencyMs: 0 } });
 * console.log(running.baseUrl, running.tokenUrl); // http://127.0.0.1:4020/api/goods http://127.0.0.1:4020/v2/oidc/token
 * await running.close();
 */
export async function startKleinanzeigenServer(options: KleinanzeigenServerOptions = {}): Promise<RunningKleinanzeigenServer> {
  const fake = options.fake ?? createKleinanzeigenFake({ clock: 'real', ...options.fakeOptions });
  const apiLimit = options.handler?.limits?.maxBytes ?? DEFAULT_BODY_LIMITS.maxBytes;
  const handler = { admin: true, ...options.handler };
  const api = (request: Parameters<typeof handleKleinanzeigenRequest>[1]) => handleKleinanzeigenRequest(fake, request, handler);
  const feed = new ChangeFeed({ clock: fake.clock });
  const admin = handler.admin ? ADMIN_PATH : undefined;
  const running = await startHttpServer({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    maxBodyBytes: (method, path) =>
      isStorage(path) ? MAX_STORED_BYTES : isStateUpload(method, path) ? (options.handler?.maxStateBytes ?? DEFAULT_MAX_STATE_BYTES) : apiLimit,
    tooLarge: (size, limit, where) =>
      isStorage(where.path)
        ? storageError(400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size of ${limit} bytes.`)
        : json(413, problemBody(413, `Request body is too large: ${size} bytes, the limit is ${limit} bytes.`, where.path.replace(GOODS_BASE, '/api'))),
    handle:
      options.view === false
        ? api
        : webViewHandler({ feed, next: api, pages: (request, url) => kleinanzeigenPages({ fake, feed, ...(admin === undefined ? {} : { admin }) }, request, url) }),
    onClose: () => {
      feed.close();
      fake.stop();
    },
    guard: { allowHosts: options.allowHosts ?? [], isAdmin: (path) => path === ADMIN_PATH || path.startsWith(`${ADMIN_PATH}/`) },
    // Each part answers a refusal in its own shape: S3's XML on the storage, the admin API's detail, problems elsewhere.
    refused: (refusal, where) =>
      isStorage(where.path)
        ? storageError(refusal.status, refusal.status === 403 ? 'AccessDenied' : 'InvalidRequest', refusal.detail)
        : where.path === ADMIN_PATH || where.path.startsWith(`${ADMIN_PATH}/`)
          ? json(refusal.status, { detail: refusal.detail })
          : json(refusal.status, problemBody(refusal.status, refusal.detail, where.path.replace(GOODS_BASE, '/api'))),
    ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  return {
    fake,
    server: running.server,
    origin: running.origin,
    baseUrl: `${running.origin}${GOODS_BASE}`,
    tokenUrl: `${running.origin}${TOKEN_PATH}`,
    openapiUrl: `${running.origin}${OPENAPI_PATH}`,
    port: running.port,
    drain: running.drain,
    close: running.close,
  };
}

export { createKleinanzeigenFake, KleinanzeigenFake } from './fake/fake.js';
