import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server got it: JSON bodies parsed, form bodies as an object, anything else as bytes. */
export type Received = {
  method: string;
  url: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
  bytes: Buffer;
};

export type Reply = {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Closes the connection without an answer (after the handler ran: the request did arrive). */
  destroy?: boolean;
};

export type Handler = (request: Received, index: number) => Reply | Promise<Reply>;

export type RunningServer = { origin: string; requests: Received[]; close: () => Promise<void> };

function parse(headers: IncomingHttpHeaders, bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  const type = headers['content-type'] ?? '';
  if (type.startsWith('application/json')) return JSON.parse(bytes.toString('utf8'));
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(bytes.toString('utf8')));
  return undefined;
}

/** A real HTTP server on 127.0.0.1 that answers with `handler` and records every request it got. */
export async function startServer(handler: Handler): Promise<RunningServer> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const bytes = Buffer.concat(chunks);
      const received: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: parse(req.headers, bytes),
        bytes,
      };
      requests.push(received);
      const reply = await handler(received, requests.length - 1);
      if (reply.delayMs !== undefined) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (reply.destroy) {
        req.socket.destroy();
        return;
      }
      if (res.destroyed) return;
      const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { ...(body === '' ? {} : { 'Content-Type': 'application/json' }), ...reply.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
