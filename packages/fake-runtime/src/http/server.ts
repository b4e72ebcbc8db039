import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_BODY_LIMITS } from './body.js';
import { json, type FakeRequest, type FakeResponse } from './types.js';

/**
 * Options of `startHttpServer`.
 *
 * @example
 * const options: HttpServerOptions = { handle, port: 0, maxBodyBytes: (method, path) => (path.startsWith('/upload/') ? 20e6 : 1e6) };
 */
export type HttpServerOptions = {
  /** The fake's one request handler (see `guardHandler`). */
  handle: (request: FakeRequest) => Promise<FakeResponse>;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1: a fake's admin API has no auth, so do not expose it. */
  host?: string;
  /**
   * The largest body read, in bytes, for every request or per request (`method`, URL `path`); past it the body is
   * not buffered and `tooLarge` answers. Default 1 MiB.
   */
  maxBodyBytes?: number | ((method: string, path: string) => number);
  /**
   * The answer to a body over the limit (`where` says which request, for a server whose routes answer in different
   * shapes). Default 413 `{"detail": "Request body is too large: ..."}`.
   */
  tooLarge?: (size: number, limit: number, where: { method: string; path: string }) => FakeResponse;
  /** The answer when the body cannot be read (the connection failed mid-way). Default 400 `{"detail": ...}`. */
  unreadable?: (message: string) => FakeResponse;
  /** Called once when `close()` starts (a fake stops its timers there). */
  onClose?: () => void;
  /**
   * Called with each answer just before it is sent (any request may have changed a fake's state: `persistState`'s
   * `changed()` belongs here).
   */
  onResponse?: (request: { method: string; path: string }, response: FakeResponse) => void;
  /** The answer to a request that arrives while `drain()` runs. Default 503 `{"detail": ...}`. */
  shuttingDown?: () => FakeResponse;
};

/**
 * A server started by `startHttpServer`.
 *
 * @example
 * const running: RunningHttpServer = await startHttpServer({ handle });
 * await fetch(`${running.origin}/health`);
 * await running.close();
 */
export type RunningHttpServer = {
  server: Server;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /**
   * Stops accepting: stops listening, answers requests that still arrive on open connections with `shuttingDown`
   * (503) and `connection: close`, and resolves once every request already being handled has been answered (or after
   * `timeoutMs`, default 10 000, when a client never finishes sending). Take a fake's final snapshot after it: no
   * request can change the state any more, and every answer already sent is in it.
   */
  drain(options?: { timeoutMs?: number }): Promise<void>;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
};

type BodyRead = { bytes: Uint8Array | null; tooLarge: number | undefined };

/** Reads the body up to the limit; past it, keeps counting but stops buffering. */
function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(
        size > maxBytes
          ? { bytes: null, tooLarge: size }
          : { bytes: size === 0 ? null : Buffer.concat(chunks), tooLarge: undefined },
      ),
    );
    request.on('error', reject);
  });
}

const defaultTooLarge = (size: number, limit: number): FakeResponse =>
  json(413, { detail: `Request body is too large: ${size} bytes, the limit is ${limit} bytes.` });
const defaultUnreadable = (message: string): FakeResponse =>
  json(400, { detail: `Could not read the request: ${message}` });
const defaultShuttingDown = (): FakeResponse =>
  json(503, { detail: 'The server is shutting down; nothing was done. Try again once it is back.' });

/**
 * Serves a request handler over real HTTP (node:http), for curl, Postman, clients in other languages and
 * conformance suites. Bodies are read up to a limit; HEAD answers carry no body; a request Node's parser refuses
 * gets a JSON 400 and the connection is closed; `close()` also closes keep-alive connections.
 *
 * @example
 * const running = await startHttpServer({ handle: async (request) => json(200, { url: request.url }), port: 0 });
 * console.log(running.origin); // http://127.0.0.1:53211
 * await running.close();
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const limitFor = (method: string, path: string): number =>
    typeof options.maxBodyBytes === 'function'
      ? options.maxBodyBytes(method, path)
      : (options.maxBodyBytes ?? DEFAULT_BODY_LIMITS.maxBytes);
  const tooLarge = options.tooLarge ?? defaultTooLarge;
  const unreadable = options.unreadable ?? defaultUnreadable;
  const shuttingDown = options.shuttingDown ?? defaultShuttingDown;
  let draining = false;
  let inFlight = 0;
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const send = (response: FakeResponse) => {
      if (res.headersSent) return;
      options.onResponse?.({ method, path }, response);
      res.writeHead(response.status, {
        ...response.headers,
        ...(draining ? { connection: 'close' } : {}),
        'content-length': Buffer.byteLength(response.body),
      });
      res.end(req.method === 'HEAD' ? undefined : response.body);
    };
    if (draining) {
      req.resume();
      send(shuttingDown());
      return;
    }
    inFlight += 1;
    const maxBytes = limitFor(method, path);
    readBody(req, maxBytes)
      .then(async ({ bytes, tooLarge: size }) => {
        if (size !== undefined) {
          send(tooLarge(size, maxBytes, { method, path }));
          return;
        }
        const url = `http://${req.headers.host ?? `${host}`}${req.url ?? '/'}`;
        const header = (name: string) => {
          const value = req.headers[name.toLowerCase()];
          return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
        };
        send(await options.handle({ method, url, header, body: bytes }));
      })
      .catch((error: unknown) => send(unreadable((error as Error).message)))
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) for (const wake of waiters) wake();
      });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end(
        'HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"detail": "Malformed HTTP request."}',
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${shownHost}:${address.port}`;
  return {
    server,
    origin,
    port: address.port,
    drain: async (drainOptions = {}) => {
      if (!draining) {
        draining = true;
        // Stop listening; the callback (all connections gone) is close()'s business.
        if (server.listening) server.close(() => undefined);
        server.closeIdleConnections();
      }
      if (inFlight === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, drainOptions.timeoutMs ?? 10_000);
        timer.unref();
        const wake = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        options.onClose?.();
        draining = true;
        if (server.listening) server.close((error) => (error ? reject(error) : resolve()));
        else resolve();
        server.closeAllConnections();
      }),
  };
}
