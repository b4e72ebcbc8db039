import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLocalRequest, json, startHttpServer, type LocalRequestPolicy, type RunningHttpServer } from '../src/index.js';

/** The guard's verdict on a request with these headers: 'ok', or the refusal's reason. */
function verdict(method: string, path: string, headers: Record<string, string>, policy: LocalRequestPolicy = {}): string {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return checkLocalRequest({ method, path, header: (name) => lower[name] ?? null }, policy)?.reason ?? 'ok';
}

describe('checkLocalRequest: Host', () => {
  it.each([
    ['127.0.0.1:4010', 'ok'],
    ['localhost:4010', 'ok'],
    ['LOCALHOST.', 'ok'],
    ['app.localhost:4010', 'ok'],
    ['[::1]:4010', 'ok'],
    ['192.168.1.20:4010', 'ok'],
    ['attacker.example:4010', 'host'],
    ['attacker.example', 'host'],
    ['localhost.attacker.example', 'host'],
    ['evil@127.0.0.1', 'host'],
    ['127.0.0.1/x', 'host'],
    ['', 'host'],
  ])('Host %j on an API read: %s', (host, expected) => {
    expect(verdict('GET', '/pro-import-api/v4/ad', { host })).toBe(expected);
  });

  it('a request without Host (HTTP/1.0, never a browser) passes', () => {
    expect(verdict('GET', '/__fake/state', {})).toBe('ok');
  });

  it('accepts the names the user allowed: exact, a domain with its subdomains, or any', () => {
    const policy = { allowHosts: ['fake.test', '.dev.example'] };
    expect(verdict('GET', '/x', { host: 'fake.test:4010' }, policy)).toBe('ok');
    expect(verdict('GET', '/x', { host: 'a.fake.test' }, policy)).toBe('host');
    expect(verdict('GET', '/x', { host: 'dev.example' }, policy)).toBe('ok');
    expect(verdict('GET', '/x', { host: 'box.dev.example' }, policy)).toBe('ok');
    expect(verdict('GET', '/x', { host: 'evildev.example' }, policy)).toBe('host');
    expect(verdict('GET', '/x', { host: 'anything.example' }, { allowHosts: ['*'] })).toBe('ok');
    expect(verdict('GET', '/x', { host: 'my-box.lan:4010' }, { listenHost: 'My-Box.lan' })).toBe('ok');
  });

  it('says what to do, naming the flag', () => {
    const refusal = checkLocalRequest({ method: 'GET', path: '/__fake/state', header: (name) => (name === 'host' ? 'attacker.example:4010' : null) });
    expect(refusal).toEqual({
      status: 403,
      reason: 'host',
      detail:
        'Blocked request: Host "attacker.example:4010" is not this fake\'s address. The fake answers requests to localhost and IP addresses only, so a web page cannot reach it through a DNS name it controls (DNS rebinding); to call it by this name, start it with --allow-host attacker.example.',
    });
  });
});

describe('checkLocalRequest: admin writes', () => {
  const local = { host: '127.0.0.1:4010' };
  const asJson = { ...local, 'content-type': 'application/json' };

  it('a program (no Origin, no Sec-Fetch-Site) sending JSON passes; reads need neither', () => {
    expect(verdict('POST', '/__fake/reset', asJson)).toBe('ok');
    expect(verdict('PUT', '/pro-import-api/__fake/latency', { ...local, 'content-type': 'application/json; charset=utf-8' })).toBe('ok');
    expect(verdict('DELETE', '/__fake/faults', local)).toBe('ok');
    expect(verdict('GET', '/__fake/state', { ...local, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).toBe('ok');
  });

  it('the no-preflight requests a page can send cross-site are refused: text/plain, a form, no body at all', () => {
    expect(verdict('POST', '/__fake/reset', { ...local, 'content-type': 'text/plain' })).toBe('media-type');
    expect(verdict('POST', '/__fake/reset', { ...local, 'content-type': 'application/x-www-form-urlencoded' })).toBe('media-type');
    expect(verdict('POST', '/__fake/reset', { ...local, 'content-type': 'multipart/form-data; boundary=x' })).toBe('media-type');
    expect(verdict('POST', '/pro-import-api/__fake/reset', local)).toBe('media-type');
  });

  it('another origin is refused, by Origin or by Sec-Fetch-Site; the fake\'s own origin passes', () => {
    expect(verdict('POST', '/__fake/reset', { ...asJson, origin: 'https://evil.example' })).toBe('cross-origin');
    expect(verdict('POST', '/__fake/reset', { ...asJson, origin: 'null' })).toBe('cross-origin');
    expect(verdict('POST', '/__fake/reset', { ...asJson, origin: 'http://127.0.0.1:9999' })).toBe('cross-origin');
    expect(verdict('DELETE', '/__fake/faults', { ...local, 'sec-fetch-site': 'same-site' })).toBe('cross-origin');
    expect(verdict('POST', '/__fake/reset', { ...asJson, 'sec-fetch-site': 'cross-site' })).toBe('cross-origin');
    expect(verdict('POST', '/__fake/reset', { ...asJson, origin: 'http://127.0.0.1:4010', 'sec-fetch-site': 'same-origin' })).toBe('ok');
    expect(verdict('POST', '/__fake/reset', { ...asJson, 'sec-fetch-site': 'none' })).toBe('ok');
  });

  it('API writes are not admin writes (their own rules answer them); the admin paths are the caller\'s to name', () => {
    expect(verdict('POST', '/pro-import-api/v4/car', { ...local, 'content-type': 'text/plain', origin: 'https://evil.example' })).toBe('ok');
    expect(verdict('POST', '/control/reset', { ...local, 'content-type': 'text/plain' }, { isAdmin: (path) => path.startsWith('/control/') })).toBe('media-type');
    expect(verdict('POST', '/__fake/reset', { ...local, 'content-type': 'text/plain' }, { isAdmin: () => false })).toBe('ok');
  });
});

/** A raw request, so the test chooses the Host header (fetch sets it from the URL). */
function send(port: number, options: { method: string; path: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.method, path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('startHttpServer runs the guard before the handler', () => {
  let running: RunningHttpServer;
  let handled = 0;
  const lines: string[] = [];
  beforeAll(async () => {
    running = await startHttpServer({
      handle: async () => {
        handled += 1;
        return json(200, { handled });
      },
      log: (line) => lines.push(line),
    });
  });
  afterAll(() => running.close());

  it('DNS rebinding: Host attacker.example gets 403 and the handler never runs', async () => {
    const before = handled;
    const reply = await send(running.port, { method: 'GET', path: '/__fake/state', headers: { host: `attacker.example:${running.port}` } });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body).detail).toMatch(/^Blocked request: Host "attacker\.example:\d+" is not this fake's address/);
    expect(handled).toBe(before);
    expect(lines.at(-1)).toMatch(/^GET \/__fake\/state 403 \d+\.\d ms$/);
  });

  it('a cross-site text/plain POST /__fake/reset (no preflight) gets 415 and the handler never runs', async () => {
    const before = handled;
    const reply = await send(running.port, {
      method: 'POST',
      path: '/__fake/reset',
      headers: { host: `127.0.0.1:${running.port}`, 'content-type': 'text/plain' },
      body: '',
    });
    expect(reply.status).toBe(415);
    expect(handled).toBe(before);
    const ok = await send(running.port, { method: 'POST', path: '/__fake/reset', headers: { host: `localhost:${running.port}`, 'content-type': 'application/json' } });
    expect(ok.status).toBe(200);
    expect(handled).toBe(before + 1);
  });

  it('guard: false turns it off; refused shapes the answer', async () => {
    const open = await startHttpServer({ handle: async () => json(200, {}), guard: false });
    const shaped = await startHttpServer({
      handle: async () => json(200, {}),
      guard: { allowHosts: ['ok.test'] },
      refused: (refusal, where) => json(refusal.status, { problem: refusal.reason, where }),
    });
    try {
      expect((await send(open.port, { method: 'GET', path: '/', headers: { host: 'attacker.example' } })).status).toBe(200);
      expect((await send(shaped.port, { method: 'GET', path: '/', headers: { host: 'ok.test' } })).status).toBe(200);
      const refused = await send(shaped.port, { method: 'GET', path: '/a?b=1', headers: { host: 'attacker.example' } });
      expect([refused.status, JSON.parse(refused.body)]).toEqual([403, { problem: 'host', where: { method: 'GET', path: '/a' } }]);
    } finally {
      await open.close();
      await shaped.close();
    }
  });
});
