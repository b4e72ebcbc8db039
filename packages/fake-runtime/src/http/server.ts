import { once } from 'node:events';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { DEFAULT_BODY_LIMITS } from './body.js';
import { checkLocalRequest, type LocalRequestPolicy, type LocalRequestRefusal } from './guard.js';
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
  /**
   * Which requests are taken from where (`checkLocalRequest`): Host names besides localhost and IP addresses, and
   * which paths are the admin API. On by default (`{}`); `false` turns it off (a server behind your own proxy).
   */
  guard?: LocalRequestPolicy | false;
  /** The answer to a request the guard refused. Default `{"detail": ...}` with the refusal's status. */
  refused?: (refusal: LocalRequestRefusal, where: { method: string; path: string }) => FakeResponse;
  /**
   * Called with one line per answered request: `POST /pro-import-api/v4/car 201 3.1 ms` (method, path without the
   * query, status, milliseconds until the answer was sent). The query is left out, so nothing a client put there (a
   * presigned URL's signature) reaches the log; headers and bodies never do.
   */
  log?: (line: string) => void;
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

/**
 * Writes a streamed body list by list, waiting for the socket to drain, so a large answer never piles up in memory.
 * A body that goes on (server-sent events) ends when the client goes away or `stop` aborts (the server drains).
 */
async function streamBody(
  res: ServerResponse,
  stream: NonNullable<FakeResponse['stream']>,
  streams: Set<AbortController>,
): Promise<void> {
  const stop = new AbortController();
  streams.add(stop);
  res.once('close', () => stop.abort());
  try {
    for await (const list of stream(stop.signal)) {
      for (const bytes of list) if (!res.write(bytes)) await once(res, 'drain');
      if (res.destroyed) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
  } catch (error) {
    res.destroy(error as Error);
  } finally {
    streams.delete(stop);
  }
}

const defaultTooLarge = (size: number, limit: number): FakeResponse =>
  json(413, { detail: `Request body is too large: ${size} bytes, the limit is ${limit} bytes.` });
const defaultUnreadable = (message: string): FakeResponse =>
  json(400, { detail: `Could not read the request: ${message}` });
const defaultRefused = (refusal: LocalRequestRefusal): FakeResponse => json(refusal.status, { detail: refusal.detail });
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
  /** The streamed answers being written (server-sent events stay open): drain and close end them. */
  const streams = new Set<AbortController>();
  const endStreams = () => {
    for (const stream of streams) stream.abort();
  };
  const waiters = new Set<() => void>();
  const policy = options.guard === false ? undefined : { listenHost: host, ...options.guard };
  const refused = options.refused ?? defaultRefused;
  const headerOf = (req: IncomingMessage) => (name: string) => {
    const value = req.headers[name.toLowerCase()];
    return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
  };
  /** The answer to one request whose body was read: the guard's refusal, or the handler's. */
  const answer = async (req: IncomingMessage, method: string, path: string, body: Uint8Array | null): Promise<FakeResponse> => {
    const header = headerOf(req);
    const refusal = policy === undefined ? undefined : checkLocalRequest({ method, path, header }, policy);
    if (refusal !== undefined) return refused(refusal, { method, path });
    const target = req.url?.startsWith('/') === true ? req.url : '/';
    return options.handle({ method, url: `http://${req.headers.host ?? host}${target}`, header, body });
  };
  const logLine = (method: string, path: string, status: number, started: number) =>
    options.log?.(`${method} ${path.length > 200 ? `${path.slice(0, 200)}...` : path} ${status} ${(performance.now() - started).toFixed(1)} ms`);
  const server = createServer((req, res) => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const send = (response: FakeResponse) => {
      if (res.headersSent) return;
      options.onResponse?.({ method, path }, response);
      if (options.log !== undefined) res.once('close', () => logLine(method, path, response.status, started));
      const headers = { ...response.headers, ...(draining ? { connection: 'close' } : {}) };
      if (response.stream !== undefined) {
        res.writeHead(response.status, headers);
        if (req.method === 'HEAD') res.end();
        else void streamBody(res, response.stream, streams);
        return;
      }
      res.writeHead(response.status, { ...headers, 'content-length': Buffer.byteLength(response.body) });
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
        send(await answer(req, method, path, bytes));
      })
      .catch((error: unknown) => send(unreadable((error as Error).message)))
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) for (const wake of waiters) wake();
      });
  });
  // Node hands CONNECT to a 'connect' listener and, without one, closes the socket: answer it like any other
  // method the fake does not serve (the handler's 404 or 405), as JSON, then close the connection.
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    const started = performance.now();
    const method = req.method ?? 'CONNECT';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    socket.on('error', () => undefined);
    const write = (response: FakeResponse) => {
      options.onResponse?.({ method, path }, response);
      const headers = { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)), connection: 'close' };
      const head = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}\r\n${Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')}\r\n`;
      socket.end(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(response.body)]), () => logLine(method, path, response.status, started));
    };
    answer(req, method, path, null).then(write, (error: unknown) => write(unreadable((error as Error).message)));
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
        endStreams();
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
        endStreams();
        if (server.listening) server.close((error) => (error ? reject(error) : resolve()));
        else resolve();
        server.closeAllConnections();
      }),
  };
}
