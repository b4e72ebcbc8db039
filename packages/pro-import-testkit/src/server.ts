import type { Server } from 'node:http';
import { ChangeFeed, DEFAULT_BODY_LIMITS, DEFAULT_MAX_STATE_BYTES, isStateUpload, startHttpServer, webViewHandler, type FakeResponse } from '@x/fake-runtime';
import { createFake, type FakeOptions, type ProImportFake } from './fake/fake.js';
import { BASE_PATH, handleRequest, type HandlerOptions } from './http/handle.js';
import { proImportPages } from './web/pages.js';

export type ServerOptions = {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1 (the admin API has no auth: do not expose it). */
  host?: string;
  /** The fake to serve; default a new one on the real clock (with `fakeOptions`). */
  fake?: ProImportFake;
  fakeOptions?: FakeOptions;
  handler?: Omit<HandlerOptions, 'admin'> & { admin?: boolean };
  /** Called with each answer just before it is sent (`pnpm fake --state` marks the state as changed there). */
  onResponse?: (request: { method: string; path: string }, response: FakeResponse) => void;
  /**
   * Host names accepted besides localhost and IP addresses (`pnpm fake --allow-host`): every other name is refused
   * with 403, so a web page cannot reach the fake through DNS rebinding. See `checkLocalRequest` in
   * `@x/fake-runtime`, which also keeps admin writes to programs and the fake's own pages.
   */
  allowHosts?: readonly string[];
  /** One line per request (`GET /pro-import-api/v4/ad 200 1.2 ms`); `pnpm fake` prints them unless `--quiet`. */
  log?: (line: string) => void;
  /**
   * Serve the web view at `/` (the ads as cards, a page per ad, live): default true. Its admin controls appear only
   * when the admin API is served (`handler.admin`, on by default).
   */
  view?: boolean;
};

export type RunningFakeServer = {
  fake: ProImportFake;
  server: Server;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `http://127.0.0.1:<port>/pro-import-api`: what clients use as their base URL. */
  baseUrl: string;
  port: number;
  /**
   * Stops accepting requests and resolves once every request already being handled has been answered (later ones
   * get 503): the state is final from then on, so take the last snapshot after it.
   */
  drain(options?: { timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
};

/**
 * Serves a fake over real HTTP (for curl, Postman, clients in other languages, and the conformance suite).
 *
 * @example
 * const running = await startFakeServer({ port: 4010, fakeOptions: { latencyMs: 0 } });
 * console.log(running.baseUrl); // http://127.0.0.1:4010/pro-import-api
 * await running.close();
 */
export async function startFakeServer(options: ServerOptions = {}): Promise<RunningFakeServer> {
  const fake = options.fake ?? createFake({ clock: 'real', ...options.fakeOptions });
  const handler = { admin: true, ...options.handler, basePath: BASE_PATH };
  const api = (request: Parameters<typeof handleRequest>[1]) => handleRequest(fake, request, handler);
  const feed = new ChangeFeed({ clock: fake.clock });
  const admin = handler.admin ? `${BASE_PATH}/__fake` : undefined;
  const running = await startHttpServer({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    maxBodyBytes: (method, path) =>
      isStateUpload(method, path.slice(BASE_PATH.length))
        ? (options.handler?.maxStateBytes ?? DEFAULT_MAX_STATE_BYTES)
        : (options.handler?.limits?.maxBytes ?? DEFAULT_BODY_LIMITS.maxBytes),
    handle:
      options.view === false
        ? api
        : webViewHandler({ feed, next: api, pages: (request, url) => proImportPages({ fake, feed, ...(admin === undefined ? {} : { admin }) }, request, url) }),
    onClose: () => {
      feed.close();
      fake.stop();
    },
    guard: { allowHosts: options.allowHosts ?? [], isAdmin: (path) => path === `${BASE_PATH}/__fake` || path.startsWith(`${BASE_PATH}/__fake/`) },
    ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  return {
    fake,
    server: running.server,
    origin: running.origin,
    baseUrl: `${running.origin}${BASE_PATH}`,
    port: running.port,
    drain: running.drain,
    close: running.close,
  };
}

export { createFake, ProImportFake } from './fake/fake.js';
