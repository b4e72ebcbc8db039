import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type RunningFakeServer } from '../src/server.js';
import { createAdFactory } from './support.js';

/** What a web page makes a browser send: the test sets Host, Origin and Sec-Fetch-Site itself (fetch would not). */
function send(
  running: RunningFakeServer,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: running.port,
        method: options.method,
        path: `/pro-import-api${options.path}`,
        headers: { host: `127.0.0.1:${running.port}`, ...options.headers },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const factory = createAdFactory({ seed: 419 });
let running: RunningFakeServer;
let token = '';

beforeAll(async () => {
  running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  token = running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
});
beforeEach(async () => {
  running.fake.reset();
  const body = factory.buildAd('boat');
  const created = await send(running, {
    method: 'POST',
    path: '/v4/boat',
    headers: { 'content-type': 'application/json', 'x-auth-token': token },
    body: JSON.stringify(body),
  });
  expect(created.status).toBe(201);
});
afterAll(() => running.close());

describe('a web page cannot drive the fake (issue 19.4)', () => {
  it('DNS rebinding: Host attacker.example cannot read the state, mint a token or call the API', async () => {
    const rebound = { host: `attacker.example:${running.port}` };
    const state = await send(running, { method: 'GET', path: '/__fake/state', headers: rebound });
    expect(state.status).toBe(403);
    expect(state.body.detail).toMatch(/^Blocked request: Host "attacker\.example:\d+" is not this fake's address.*--allow-host attacker\.example\.$/);
    expect(state.body).not.toHaveProperty('ads');
    const minted = await send(running, {
      method: 'POST',
      path: '/__fake/tokens',
      headers: { ...rebound, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: 'dealer_code', dealer_code: 'D1' }),
    });
    expect(minted.status).toBe(403);
    expect(minted.body).not.toHaveProperty('token');
    const list = await send(running, { method: 'GET', path: '/v4/ad', headers: { ...rebound, 'x-auth-token': token } });
    expect(list.status).toBe(403);
    expect(running.fake.listAds()).toHaveLength(1);
  });

  it('a cross-site text/plain POST /__fake/reset (no CORS preflight) is refused with 415 and wipes nothing', async () => {
    const reply = await send(running, { method: 'POST', path: '/__fake/reset', headers: { 'content-type': 'text/plain' }, body: '' });
    expect(reply).toEqual({
      status: 415,
      body: { detail: 'POST /pro-import-api/__fake/reset: admin writes must send Content-Type: application/json (got text/plain), also without a body.' },
    });
    const bare = await send(running, { method: 'POST', path: '/__fake/reset' });
    expect(bare.status).toBe(415);
    expect(running.fake.listAds()).toHaveLength(1);
  });

  it('an admin write from another origin is refused with 403, by Origin or by Sec-Fetch-Site', async () => {
    const json = { 'content-type': 'application/json' };
    const byOrigin = await send(running, { method: 'POST', path: '/__fake/reset', headers: { ...json, origin: 'https://evil.example' }, body: '{}' });
    expect(byOrigin.status).toBe(403);
    expect(byOrigin.body.detail).toContain('came from another site (Origin https://evil.example)');
    const bySite = await send(running, { method: 'PUT', path: '/__fake/latency', headers: { ...json, 'sec-fetch-site': 'cross-site' }, body: '{"latencyMs": 5}' });
    expect(bySite.status).toBe(403);
    expect(running.fake.latencyMs).toBe(0);
    expect(running.fake.listAds()).toHaveLength(1);
  });

  it('programs and the fake\'s own pages still drive it: JSON from localhost, with or without its own Origin', async () => {
    const own = await send(running, {
      method: 'POST',
      path: '/__fake/reset',
      headers: { host: `localhost:${running.port}`, origin: `http://localhost:${running.port}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
    });
    expect(own.status).toBe(200);
    expect(running.fake.listAds()).toHaveLength(0);
  });

  it('a name the user allowed (--allow-host) is accepted', async () => {
    const named = await startFakeServer({ port: 0, allowHosts: ['fake.test'], fakeOptions: { latencyMs: 0 } });
    try {
      const reply = await send(named, { method: 'GET', path: '/__fake/', headers: { host: `fake.test:${named.port}` } });
      expect(reply.status).toBe(200);
      expect((await send(named, { method: 'GET', path: '/__fake/', headers: { host: 'other.test' } })).status).toBe(403);
    } finally {
      await named.close();
    }
  });
});
