import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '../src/server.js';
import { LISTING } from './helpers.js';

/** What a web page makes a browser send: the test sets Host, Origin and Sec-Fetch-Site itself (fetch would not). */
function send(
  running: RunningKleinanzeigenServer,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; text: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: running.port, method: options.method, path: options.path, headers: { host: `127.0.0.1:${running.port}`, ...options.headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, type: String(res.headers['content-type']) }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

let running: RunningKleinanzeigenServer;
let token = '';

beforeAll(async () => {
  running = await startKleinanzeigenServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  token = running.fake.token();
});
beforeEach(async () => {
  running.fake.reset();
  const created = await send(running, {
    method: 'POST',
    path: '/api/goods/v1/listings',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(LISTING),
  });
  expect(created.status).toBe(201);
});
afterAll(() => running.close());

describe('a web page cannot drive the fake (issue 19.4)', () => {
  const rebound = () => ({ host: `attacker.example:${running.port}` });

  it('DNS rebinding: Host attacker.example cannot read the state, call the API, get a token or reach the storage', async () => {
    const state = await send(running, { method: 'GET', path: '/__fake/state', headers: rebound() });
    expect(state.status).toBe(403);
    expect(JSON.parse(state.text).detail).toMatch(/^Blocked request: Host "attacker\.example:\d+" is not this fake's address/);
    const listing = await send(running, { method: 'GET', path: '/api/goods/v1/listings/x', headers: { ...rebound(), authorization: `Bearer ${token}` } });
    expect([listing.status, JSON.parse(listing.text)]).toEqual([403, expect.objectContaining({ type: 'about:blank', status: 403, title: 'Forbidden', instance: '/api/v1/listings/x' })]);
    const tokenReply = await send(running, {
      method: 'POST',
      path: '/v2/oidc/token',
      headers: { ...rebound(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(tokenReply.status).toBe(403);
    const storage = await send(running, { method: 'PUT', path: '/__storage/uploads/t?expires=1&signature=x', headers: rebound(), body: 'x' });
    expect([storage.status, storage.type]).toEqual([403, 'application/xml']);
    expect(storage.text).toContain('<Code>AccessDenied</Code>');
    expect(running.fake.listListings()).toHaveLength(1);
  });

  it('a cross-site text/plain POST /__fake/reset (no CORS preflight) is refused with 415 and wipes nothing', async () => {
    const reply = await send(running, { method: 'POST', path: '/__fake/reset', headers: { 'content-type': 'text/plain' }, body: '' });
    expect([reply.status, JSON.parse(reply.text)]).toEqual([
      415,
      { detail: 'POST /__fake/reset: admin writes must send Content-Type: application/json (got text/plain), also without a body.' },
    ]);
    expect((await send(running, { method: 'POST', path: '/__fake/reset' })).status).toBe(415);
    expect(running.fake.listListings()).toHaveLength(1);
  });

  it('an admin write from another origin is refused with 403, by Origin or by Sec-Fetch-Site', async () => {
    const json = { 'content-type': 'application/json' };
    expect((await send(running, { method: 'POST', path: '/__fake/reset', headers: { ...json, origin: 'http://localhost:3000' }, body: '{}' })).status).toBe(403);
    expect((await send(running, { method: 'DELETE', path: '/__fake/faults', headers: { 'sec-fetch-site': 'same-site' } })).status).toBe(403);
    expect(running.fake.listListings()).toHaveLength(1);
    const own = await send(running, { method: 'POST', path: '/__fake/reset', headers: { ...json, origin: `http://127.0.0.1:${running.port}` } });
    expect(own.status).toBe(200);
    expect(running.fake.listListings()).toHaveLength(0);
  });

  it('a name the user allowed (--allow-host) is accepted', async () => {
    const named = await startKleinanzeigenServer({ port: 0, allowHosts: ['.fake.test'] });
    try {
      expect((await send(named, { method: 'GET', path: '/__fake/', headers: { host: `api.fake.test:${named.port}` } })).status).toBe(200);
      expect((await send(named, { method: 'GET', path: '/__fake/', headers: { host: 'fake.example' } })).status).toBe(403);
    } finally {
      await named.close();
    }
  });
});
