import { connect } from 'node:net';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { empty, guardHandler, json, jsonStream, startHttpServer, type FakeRequest, type RunningHttpServer } from '../src/index.js';
import { mswHandlers } from '../src/msw.js';

/** One handler behind both faces: echoes what it was handed, serves bytes, answers 204, and fails on /boom. */
const handle = guardHandler(
  async (request: FakeRequest) => {
    const url = new URL(request.url);
    if (url.pathname.endsWith('/boom')) throw new Error('kaput');
    if (url.pathname.endsWith('/png'))
      return { status: 200, headers: { 'content-type': 'image/png' }, body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) };
    if (url.pathname.endsWith('/none')) return empty(204);
    if (url.pathname.endsWith('/state')) return jsonStream(200, { items: Array.from({ length: 3 }, (_, i) => ({ i, text: 'x'.repeat(600_000) })) });
    return json(200, {
      method: request.method,
      path: url.pathname,
      query: url.search,
      header: request.header('X-Thing'),
      body: request.body === null ? null : new TextDecoder().decode(request.body),
    });
  },
  (error) => json(500, { detail: `failed: ${(error as Error).message}` }),
);

describe('startHttpServer', () => {
  let running: RunningHttpServer;
  let closed = 0;
  beforeAll(async () => {
    running = await startHttpServer({
      handle,
      maxBodyBytes: (_method, path) => (path.startsWith('/big/') ? 100 : 10),
      onClose: () => void (closed += 1),
    });
  });
  afterAll(async () => {
    await running.close();
    expect(closed).toBe(1);
  });

  it('listens on 127.0.0.1 and hands the handler the method, URL, headers and body', async () => {
    expect(running.origin).toBe(`http://127.0.0.1:${running.port}`);
    const reply = await fetch(`${running.origin}/a/b?c=1`, { method: 'POST', headers: { 'x-thing': 'yes' }, body: 'hi' });
    expect(await reply.json()).toEqual({ method: 'POST', path: '/a/b', query: '?c=1', header: 'yes', body: 'hi' });
  });

  it('serves bytes, answers 204 without a body, and HEAD without a body', async () => {
    const png = await fetch(`${running.origin}/png`);
    expect([png.headers.get('content-type'), [...new Uint8Array(await png.arrayBuffer())]]).toEqual(['image/png', [0x89, 0x50, 0x4e, 0x47]]);
    const none = await fetch(`${running.origin}/none`, { method: 'DELETE' });
    expect([none.status, await none.text()]).toEqual([204, '']);
    const head = await fetch(`${running.origin}/x`, { method: 'HEAD' });
    expect([head.status, await head.text(), Number(head.headers.get('content-length'))]).toEqual([200, '', expect.any(Number)]);
  });

  it('sends a streamed JSON body (jsonStream) piece by piece; HEAD without it', async () => {
    const reply = await fetch(`${running.origin}/state`);
    expect([reply.status, reply.headers.get('content-type'), reply.headers.get('transfer-encoding')]).toEqual([200, 'application/json', 'chunked']);
    const body = (await reply.json()) as { items: Array<{ i: number; text: string }> };
    expect(body.items.map((item) => [item.i, item.text.length])).toEqual([[0, 600_000], [1, 600_000], [2, 600_000]]);
    const head = await fetch(`${running.origin}/state`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('refuses a body over the limit (per path) with 413, without buffering it', async () => {
    const small = await fetch(`${running.origin}/a`, { method: 'PUT', body: 'x'.repeat(11) });
    expect([small.status, await small.json()]).toEqual([413, { detail: 'Request body is too large: 11 bytes, the limit is 10 bytes.' }]);
    expect((await fetch(`${running.origin}/big/a`, { method: 'PUT', body: 'x'.repeat(50) })).status).toBe(200);
  });

  it('turns a throwing handler into the guard\'s 500', async () => {
    const reply = await fetch(`${running.origin}/boom`);
    expect([reply.status, await reply.json()]).toEqual([500, { detail: 'failed: kaput' }]);
  });

  it('answers a request the HTTP parser refuses with a JSON 400 and closes the connection', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(running.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(answer).toContain('{"detail": "Malformed HTTP request."}');
  });

  it('uses its own answers for a body that is too large when given', async () => {
    const other = await startHttpServer({ handle, maxBodyBytes: 1, tooLarge: (size, limit, where) => json(413, { size, limit, where }) });
    try {
      expect(await (await fetch(`${other.origin}/x?q=1`, { method: 'POST', body: 'abcd' })).json()).toEqual({
        size: 4,
        limit: 1,
        where: { method: 'POST', path: '/x' },
      });
    } finally {
      await other.close();
    }
  });
});

describe('startHttpServer: CONNECT and the request log', () => {
  /** Writes raw bytes and answers everything the server sent until it closed the connection. */
  function exchange(port: number, text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(text));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  it('CONNECT gets the handler\'s JSON answer (not a closed socket), then the connection closes', async () => {
    const lines: string[] = [];
    const running = await startHttpServer({ handle, log: (line) => lines.push(line) });
    try {
      const withPath = await exchange(running.port, `CONNECT /v1/things HTTP/1.1\r\nhost: 127.0.0.1:${running.port}\r\n\r\n`);
      expect(withPath).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*content-type: application\/json\r\n[\s\S]*connection: close\r\n/);
      expect(JSON.parse(withPath.slice(withPath.indexOf('\r\n\r\n') + 4))).toMatchObject({ method: 'CONNECT', path: '/v1/things' });
      const authority = await exchange(running.port, `CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n`);
      expect(authority).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/); // a proxy request for another host: refused by the guard
      for (let turns = 0; lines.length < 2 && turns < 1000; turns++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(lines).toEqual([expect.stringMatching(/^CONNECT \/v1\/things 200 \d+\.\d ms$/), expect.stringMatching(/^CONNECT example\.com:443 403 \d+\.\d ms$/)]);
    } finally {
      await running.close();
    }
  });

  it('logs one line per answer: method, path without the query, status, milliseconds; nothing without log', async () => {
    const lines: string[] = [];
    const running = await startHttpServer({ handle, maxBodyBytes: 5, log: (line) => lines.push(line) });
    const quiet = await startHttpServer({ handle });
    try {
      await (await fetch(`${running.origin}/v1/a?token=secret-in-query&signature=abc`, { headers: { authorization: 'Bearer secret-token' } })).text();
      await (await fetch(`${running.origin}/boom`, { method: 'POST', body: 'x' })).text();
      await (await fetch(`${running.origin}/big`, { method: 'PUT', body: 'x'.repeat(10) })).text();
      await (await fetch(`${quiet.origin}/v1/a`)).text();
      // A line is written once the answer has left (the socket's close), which may be just after the client read it.
      for (let turns = 0; lines.length < 3 && turns < 1000; turns++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(lines).toEqual([
        expect.stringMatching(/^GET \/v1\/a 200 \d+\.\d ms$/),
        expect.stringMatching(/^POST \/boom 500 \d+\.\d ms$/),
        expect.stringMatching(/^PUT \/big 413 \d+\.\d ms$/),
      ]);
      expect(lines.join('\n')).not.toMatch(/secret|signature/);
    } finally {
      await running.close();
      await quiet.close();
    }
  });
});

describe('mswHandlers', () => {
  const server = setupServer(...mswHandlers({ patterns: ['https://api.example.test/v1/*'], handle }));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('sends a streamed JSON body (jsonStream) too', async () => {
    const body = (await (await fetch('https://api.example.test/v1/state')).json()) as { items: unknown[] };
    expect(body.items).toHaveLength(3);
  });

  it('runs the same handler: method, URL, headers, body', async () => {
    const reply = await fetch('https://api.example.test/v1/a?q=2', { method: 'PUT', headers: { 'X-Thing': 't' }, body: '{}' });
    expect(await reply.json()).toEqual({ method: 'PUT', path: '/v1/a', query: '?q=2', header: 't', body: '{}' });
    expect(await (await fetch('https://api.example.test/v1/a')).json()).toMatchObject({ method: 'GET', body: null });
  });

  it('answers 204 with no body, bytes as bytes, and a throwing handler with the guard\'s 500', async () => {
    const none = await fetch('https://api.example.test/v1/none', { method: 'DELETE' });
    expect([none.status, await none.text()]).toEqual([204, '']);
    const png = await fetch('https://api.example.test/v1/png');
    expect([...new Uint8Array(await png.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect((await fetch('https://api.example.test/v1/boom')).status).toBe(500);
  });
});
