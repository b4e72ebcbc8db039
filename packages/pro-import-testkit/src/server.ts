import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFake, type FakeOptions, type ProImportFake } from './fake/fake.js';
import { DEFAULT_BODY_LIMITS } from './http/body.js';
import { BASE_PATH, handleRequest, type HandlerOptions } from './http/handle.js';
import { json, type FakeResponse } from './http/types.js';

export type ServerOptions = {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1 (the admin API has no auth: do not expose it). */
  host?: string;
  /** The fake to serve; default a new one on the real clock (with `fakeOptions`). */
  fake?: ProImportFake;
  fakeOptions?: FakeOptions;
  handler?: Omit<HandlerOptions, 'admin'> & { admin?: boolean };
};

export type RunningFakeServer = {
  fake: ProImportFake;
  server: Server;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `http://127.0.0.1:<port>/pro-import-api`: what clients use as their base URL. */
  baseUrl: string;
  port: number;
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
 * Serves a fake over real HTTP (for curl, Postman, clients in other languages, and the conformance suite).
 *
 * @example
 * const running = await startFakeServer({ port: 4010, fakeOptions: { latencyMs: 0 } });
 * console.log(running.baseUrl); // http://127.0.0.1:4010/pro-import-api
 * await running.close();
 */
export async function startFakeServer(options: ServerOptions = {}): Promise<RunningFakeServer> {
  const fake = options.fake ?? createFake({ clock: 'real', ...options.fakeOptions });
  const maxBytes = options.handler?.limits?.maxBytes ?? DEFAULT_BODY_LIMITS.maxBytes;
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const send = (response: FakeResponse) => {
      if (res.headersSent) return;
      res.writeHead(response.status, {
        ...response.headers,
        'content-length': Buffer.byteLength(response.body),
      });
      res.end(req.method === 'HEAD' ? undefined : response.body);
    };
    readBody(req, maxBytes)
      .then(async ({ bytes, tooLarge }) => {
        if (tooLarge !== undefined) {
          send(
            json(413, {
              detail: `Request body is too large: ${tooLarge} bytes, the limit is ${maxBytes} bytes.`,
            }),
          );
          return;
        }
        const url = `http://${req.headers.host ?? `${host}`}${req.url ?? '/'}`;
        const header = (name: string) => {
          const value = req.headers[name.toLowerCase()];
          return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
        };
        send(
          await handleRequest(
            fake,
            { method: req.method ?? 'GET', url, header, body: bytes },
            { admin: true, ...options.handler, basePath: BASE_PATH },
          ),
        );
      })
      .catch((error: unknown) =>
        send(json(400, { detail: `Could not read the request: ${(error as Error).message}` })),
      );
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
    fake,
    server,
    origin,
    baseUrl: `${origin}${BASE_PATH}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        fake.stop();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export { createFake, ProImportFake } from './fake/fake.js';
