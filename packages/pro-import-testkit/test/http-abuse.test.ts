import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdFactory, Random } from './support.js';
import { startFakeServer, type RunningFakeServer } from '../src/server.js';
import { apiFor } from './helpers.js';

let running: RunningFakeServer;
let token = '';
const api = (...args: Parameters<ReturnType<typeof apiFor>>) => apiFor(running.baseUrl, () => token)(...args);
const factory = createAdFactory({ seed: 61 });

beforeAll(async () => {
  running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  token = running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
});
beforeEach(() => running.fake.reset());
afterAll(() => running.close());

/** Raw bytes over a socket: the server must answer with an HTTP status, never hang up silently or crash. */
function rawExchange(bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(running.port, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('end', () => resolve(data));
    socket.on('error', () => resolve(data));
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('close', () => resolve(data));
    socket.end(bytes);
  });
}

describe('abuse answers 4xx with a JSON body', () => {
  it.each([
    [
      'malformed JSON',
      { raw: '{"source_id": ', headers: { 'content-type': 'application/json' } },
      400,
      /^JSON parse error - /,
    ],
    [
      'wrong content type',
      { raw: 'source_id=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      /^Unsupported media type "application\/x-www-form-urlencoded" in request/,
    ],
    [
      'text/plain',
      { raw: '{}', headers: { 'content-type': 'text/plain' } },
      415,
      /^Unsupported media type "text\/plain"/,
    ],
    [
      'deeply nested',
      { raw: `${'['.repeat(5000)}${']'.repeat(5000)}`, headers: { 'content-type': 'application/json' } },
      400,
      /nested deeper than 32 levels/,
    ],
    [
      'huge body',
      { raw: `{"body": "${'x'.repeat(1024 * 1024 + 10)}"}`, headers: { 'content-type': 'application/json' } },
      413,
      /too large/,
    ],
    [
      'invalid UTF-8',
      { raw: undefined, headers: { 'content-type': 'application/json' } },
      400,
      /not valid UTF-8/,
    ],
  ])('%s', async (_name, options, status, detail) => {
    const reply =
      options.raw === undefined
        ? await fetch(`${running.baseUrl}/v4/car`, {
            method: 'POST',
            headers: { ...options.headers, 'X-Auth-Token': token },
            body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
          }).then(async (r) => ({ status: r.status, body: await r.json() }))
        : await api('POST', '/v4/car', { raw: options.raw, headers: options.headers });
    expect(reply.status).toBe(status);
    expect(reply.body.detail).toMatch(detail);
    expect(running.fake.listAds()).toEqual([]);
  });

  it('unknown paths are 404 JSON, also outside /pro-import-api', async () => {
    expect(await api('GET', '/v4/spaceship')).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    const outside = await fetch(`${running.origin}/v4/ad`);
    expect(outside.status).toBe(404);
    expect((await outside.json()).detail).toContain('/pro-import-api/');
  });

  it('known paths with an unsupported method are 405 with Allow', async () => {
    const reply = await api('DELETE', '/v4/car');
    expect(reply).toMatchObject({ status: 405, body: { detail: 'Method "DELETE" not allowed.' } });
    expect(reply.headers.get('allow')).toBe('GET, POST');
    expect((await api('POST', '/v4/ad/x/bump')).body).toEqual({ detail: 'Method "POST" not allowed.' });
  });

  it('HEAD answers like GET without a body', async () => {
    const reply = await fetch(`${running.baseUrl}/v4/ad`, {
      method: 'HEAD',
      headers: { 'X-Auth-Token': token },
    });
    expect([reply.status, await reply.text()]).toEqual([200, '']);
  });

  it('an unknown method is 405 too', async () => {
    const status = await new Promise<number>((resolve) => {
      const req = httpRequest(
        `${running.baseUrl}/v4/car`,
        { method: 'PROPFIND', headers: { 'X-Auth-Token': token } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.end();
    });
    expect(status).toBe(405);
  });

  it('CONNECT gets the JSON answer of any method the API does not serve (405 with Allow; 404 outside the API), not a closed socket', async () => {
    const known = await rawExchange(Buffer.from(`CONNECT /pro-import-api/v4/car HTTP/1.1\r\nhost: 127.0.0.1:${running.port}\r\n\r\n`));
    expect(known).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n[\s\S]*allow: GET, POST\r\n[\s\S]*\r\n\r\n\{"detail":"Method \\"CONNECT\\" not allowed\."\}$/);
    const proxy = await rawExchange(Buffer.from(`CONNECT 127.0.0.1:${running.port} HTTP/1.1\r\nhost: 127.0.0.1:${running.port}\r\n\r\n`));
    expect(proxy).toMatch(/^HTTP\/1\.1 404 Not Found\r\n[\s\S]*content-type: application\/json[\s\S]*"detail":"Not found\. The API is served under \/pro-import-api\//);
  });

  it('survives random bytes and random requests (fuzz), and still serves afterwards', async () => {
    const random = new Random(99);
    const bytes = (n: number) =>
      Buffer.from(Array.from({ length: n }, () => Math.floor(random.next() * 256)));
    // Garbage the parser can reject at once gets a 4xx; a fragment it is still waiting on when the client hangs up
    // gets nothing. Either way the server lives on (checked below); most inputs must be answered.
    let answered = 0;
    for (let i = 0; i < 30; i++) {
      const answer = await rawExchange(bytes(1 + Math.floor(random.next() * 400)));
      if (answer === '') continue;
      answered += 1;
      expect(answer).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    expect(answered).toBeGreaterThanOrEqual(25);
    const paths = [
      '/v4/car',
      '/v4/ad',
      '/v4/car/%E0%A4%A',
      '/v4/car/x/migrate',
      '/v3/ad',
      '/__fake/nope',
      '/v4/vehicles/car/%00',
    ];
    for (let i = 0; i < 60; i++) {
      const path = paths[Math.floor(random.next() * paths.length)] ?? '/';
      const method = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'][Math.floor(random.next() * 5)] ?? 'GET';
      const body =
        method === 'GET' || method === 'DELETE' ? undefined : bytes(Math.floor(random.next() * 200));
      const response = await fetch(`${running.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'X-Auth-Token': token },
        body,
      });
      expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(200);
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
      expect(typeof (await response.json())).toBe('object');
    }
    expect((await api('GET', '/v4/ad')).status).toBe(200);
  });
});

describe('concurrency over real HTTP', () => {
  it('100 parallel creates all land', async () => {
    const bodies = Array.from({ length: 100 }, () => factory.buildAd('car', { visible: false }));
    const replies = await Promise.all(bodies.map((body) => api('POST', '/v4/car', { body })));
    expect(replies.map((r) => r.status)).toEqual(Array(100).fill(201));
    expect((await api('GET', '/v4/ad?limit=1000')).body.count).toBe(100);
    expect(new Set(running.fake.listAds().map((ad) => ad.id)).size).toBe(100);
  });

  it('20 parallel duplicates of one source_id create exactly one ad', async () => {
    const body = factory.buildAd('car');
    const replies = await Promise.all(Array.from({ length: 20 }, () => api('POST', '/v4/car', { body })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 400).map((r) => r.body)).toEqual(
      Array(19).fill({ source_id: ['Ad with this source_id already exists.'] }),
    );
    expect((await api('GET', `/v4/ad?source_id=${body.source_id}`)).body.count).toBe(1);
  });
});
