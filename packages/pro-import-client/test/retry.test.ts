import { afterEach, describe, expect, it } from 'vitest';
import { createProImportClient, ProImportHttpError, ProImportTimeoutError } from '../src/index.js';
import { backoffDelay, failedBeforeSending, parseRetryAfter } from '@x/client-runtime';
import { startServer, type Handler } from './server.js';

const FAST = { retries: 3, minDelayMs: 1, maxDelayMs: 5 };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(handler: Handler) {
  const server = await startServer(handler);
  close = server.close;
  return server;
}

/** A server that fails the first `n` requests with `status`, then answers 200. */
function failing(n: number, status: number, headers: Record<string, string> = {}): Handler {
  return (_req, index) => (index < n ? { status, body: { detail: 'busy' }, headers } : { status: 200, body: { source_id: 'a' } });
}

describe('retries', () => {
  it.each([429, 500, 502, 503, 504])('retries a GET on %i until it succeeds', async (status) => {
    const server = await serve(failing(2, status));
    const client = createProImportClient({ token: 't', baseUrl: server.url, retry: FAST });
    await expect(client.car.get('a')).resolves.toEqual({ source_id: 'a' });
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after `retries` and throws the last error', async () => {
    const server = await serve(failing(10, 503));
    const client = createProImportClient({ token: 't', baseUrl: server.url, retry: { ...FAST, retries: 2 } });
    const error = await client.car.get('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportHttpError);
    expect((error as ProImportHttpError).status).toBe(503);
    expect(server.requests).toHaveLength(3);
    expect((error as ProImportHttpError).message).toBe('GET /v4/car/a failed with HTTP 503: {"detail":"busy"} (retries exhausted after 3 attempts)');
    expect(error).toMatchObject({ attempts: 3, stopReason: 'retries exhausted after 3 attempts' });
  });

  it('does not retry other statuses, nor anything with retry: false', async () => {
    const server = await serve(failing(10, 409));
    const client = createProImportClient({ token: 't', baseUrl: server.url, retry: FAST });
    await expect(client.car.get('a')).rejects.toThrow(/HTTP 409/);
    expect(server.requests).toHaveLength(1);
    const none = createProImportClient({ token: 't', baseUrl: server.url, retry: false });
    server.requests.length = 0;
    await expect(none.car.list()).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
  });

  it('retries PUT, PATCH, DELETE and validate (idempotent on this API)', async () => {
    const server = await serve((_req, index) => (index % 2 === 0 ? { status: 503 } : { status: 200, body: {} }));
    const client = createProImportClient({ token: 't', baseUrl: server.url, retry: FAST });
    await client.car.update('a', {} as never);
    await client.car.patch('a', {});
    await client.car.delete('a');
    await client.car.validate({} as never);
    expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'PUT', 'PATCH', 'PATCH', 'DELETE', 'DELETE', 'POST', 'POST']);
  });

  it.each([
    ['bump', (c: ReturnType<typeof createProImportClient>) => c.car.bump('a')],
    ['polePosition', (c: ReturnType<typeof createProImportClient>) => c.car.polePosition('a')],
    ['ads.bump', (c: ReturnType<typeof createProImportClient>) => c.ads.bump('a', { exclude_bytbil: true })],
    ['migrate', (c: ReturnType<typeof createProImportClient>) => c.boat.migrate('a', {} as never)],
    ['retry', (c: ReturnType<typeof createProImportClient>) => c.car.retry('a')],
    ['ads.retry', (c: ReturnType<typeof createProImportClient>) => c.ads.retry('a')],
  ])('never repeats %s once the server may have it (it charges money, converts or re-queues work)', async (_name, call) => {
    for (const status of [429, 500, 502, 503, 504]) {
      const server = await serve(failing(1, status));
      const client = createProImportClient({ token: 't', baseUrl: server.url, retry: FAST });
      await expect(call(client)).rejects.toBeInstanceOf(ProImportHttpError);
      expect(server.requests).toHaveLength(1);
      await close?.();
      close = undefined;
    }
    const lost = await serve(() => ({ destroy: true }));
    const client = createProImportClient({ token: 't', baseUrl: lost.url, retry: FAST });
    await expect(call(client)).rejects.toThrow(/network error/);
    expect(lost.requests).toHaveLength(1);
  });

  it('retries a charged call when the connection was refused (nothing was sent)', async () => {
    let calls = 0;
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const client = createProImportClient({
      token: 't',
      baseUrl: 'http://127.0.0.1:9/pro-import-api',
      retry: FAST,
      fetch: async () => {
        calls += 1;
        if (calls < 3) throw refused;
        return new Response(JSON.stringify({ ok: 1 }), { status: 200, headers: { 'Content-Type': 'application/json' } });
      },
    });
    await expect(client.car.bump('a')).resolves.toEqual({ ok: 1 });
    expect(calls).toBe(3);
  });

  it('retries GETs after a connection reset', async () => {
    const server = await serve((_req, index) => (index === 0 ? { destroy: true } : { status: 200, body: { ok: 2 } }));
    const client = createProImportClient({ token: 't', baseUrl: server.url, retry: FAST });
    await expect(client.ads.get('a')).resolves.toEqual({ ok: 2 });
    expect(server.requests).toHaveLength(2);
  });
});

describe('Retry-After', () => {
  it('waits the seconds the server asks for', async () => {
    const server = await serve(failing(1, 429, { 'Retry-After': '1' }));
    const client = createProImportClient({ token: 't', baseUrl: server.url, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2000 } });
    const started = Date.now();
    await client.car.get('a');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('stops retrying when the server asks for longer than maxDelayMs', async () => {
    const server = await serve(failing(1, 503, { 'Retry-After': '60' }));
    const client = createProImportClient({ token: 't', baseUrl: server.url, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 10_000 } });
    await expect(client.car.get('a')).rejects.toThrow('GET /v4/car/a failed with HTTP 503: {"detail":"busy"} (not retried: Retry-After 60 s exceeds maxDelayMs 10 s)');
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['seconds', '3', 0, 3000],
    ['zero', '0', 0, 0],
    ['an HTTP-date', 'Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT'), 2000],
    ['a past HTTP-date', 'Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 08:00:00 GMT'), 0],
    ['garbage', 'soon', 0, undefined],
    ['absent', null, 0, undefined],
  ] as const)('parses %s', (_name, value, now, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('backoff', () => {
  it('is full jitter under an exponential cap', () => {
    const settings = { retries: 5, minDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, settings, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, settings, () => 0)).toBe(0);
  });

  it('knows which failures happened before sending', () => {
    expect(failedBeforeSending(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }))).toBe(true);
    expect(failedBeforeSending(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))).toBe(false);
    expect(failedBeforeSending(new TypeError('Failed to fetch'))).toBe(false);
  });
});

describe('timeouts and abort', () => {
  it('throws ProImportTimeoutError when no answer comes within timeoutMs', async () => {
    const server = await serve(() => ({ delayMs: 300, body: {} }));
    const client = createProImportClient({ token: 't', baseUrl: server.url, timeoutMs: 30, retry: false });
    const error = await client.car.get('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportTimeoutError);
    expect((error as Error).message).toBe('GET /v4/car/a got no response within 30 ms; raise timeoutMs or try again later');
  });

  it('retries a timed-out GET and succeeds when the server recovers', async () => {
    const server = await serve((_req, index) => (index === 0 ? { delayMs: 300, body: {} } : { body: { ok: 3 } }));
    const client = createProImportClient({ token: 't', baseUrl: server.url, timeoutMs: 50, retry: FAST });
    await expect(client.car.get('a')).resolves.toEqual({ ok: 3 });
  });

  it('a per-call timeoutMs overrides the client one', async () => {
    const server = await serve(() => ({ delayMs: 200, body: { ok: 4 } }));
    const client = createProImportClient({ token: 't', baseUrl: server.url, timeoutMs: 20, retry: false });
    await expect(client.car.get('a', { timeoutMs: 2000 })).resolves.toEqual({ ok: 4 });
  });

  it('aborts with the signal, also between retries, and does not retry', async () => {
    const server = await serve(() => ({ delayMs: 500, body: {} }));
    const client = createProImportClient({ token: 't', baseUrl: server.url, retry: FAST });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 30);
    await expect(client.car.get('a', { signal: controller.signal })).rejects.toThrow('stop');
    expect(server.requests).toHaveLength(1);
    await expect(client.car.get('a', { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
  });
});
