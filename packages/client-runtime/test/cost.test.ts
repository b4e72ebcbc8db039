import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiHttpError, createRuntime, staticToken, type ErrorFactory, type OperationSpec } from '../src/index.js';
import { fakeFetch } from './fetch.js';

// What a call costs beyond fetch itself: timers, Requests, redaction work. Counted, never timed.
const errors: ErrorFactory = {
  response: (init) => new ApiHttpError(`HTTP ${init.status}`, init),
  timeout: (message, init) => new ApiHttpError(message, init),
  transport: (message, init) => new ApiHttpError(message, init),
  validation: (init) => new ApiHttpError('invalid', init),
};
const op: OperationSpec = { operationId: 'getthing', namespace: 'things', methodName: 'get', method: 'GET', path: '/v1/things/{id}', pathParams: ['id'], queryParams: [], body: false, retry: 'idempotent' };
const auth = () => staticToken({ header: 'X-Key', token: 'key-12345678', what: 't' });

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('the cost of a call', () => {
  it('arms one timeout timer per call, however many attempts it takes', async () => {
    const api = fakeFetch((_r, index) => (index < 2 ? { status: 503 } : { body: { ok: true } }));
    const rt = createRuntime({ baseUrl: 'https://api.test', auth: auth(), errors, fetch: api.fetch, timeoutMs: 4321, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 } });
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const sent = await rt.send(op, { path: { id: '1' } });
    expect(sent.attempts).toBe(3);
    expect(setTimeoutSpy.mock.calls.filter(([, ms]) => ms === 4321)).toHaveLength(1);
  });

  it('still times out an attempt that takes too long after an earlier attempt was answered', async () => {
    let index = 0;
    const slowSecond = (request: Request): Promise<Response> =>
      new Promise((resolve, reject) => {
        if (index++ === 0) return resolve(new Response('', { status: 503 }));
        const timer = setTimeout(() => resolve(new Response('{}')), 500);
        request.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(request.signal.reason);
        });
      });
    const rt = createRuntime({ baseUrl: 'https://api.test', auth: auth(), errors, fetch: slowSecond, timeoutMs: 50, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 } });
    await expect(rt.send(op, { path: { id: '1' } })).rejects.toThrow('no response within 50 ms');
    expect(index).toBe(2);
  });

  it('arms no timer when timeoutMs is not finite (Infinity used to time out after 1 ms)', async () => {
    const slow = (request: Request): Promise<Response> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(new Response('{"ok":true}')), 30);
        request.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(request.signal.reason);
        });
      });
    const rt = createRuntime({ baseUrl: 'https://api.test', auth: auth(), errors, fetch: slow, timeoutMs: Number.POSITIVE_INFINITY, retry: false });
    expect(await rt.call(op, { path: { id: '1' } })).toEqual({ ok: true });
  });

  it("without middleware or a fetch of the caller's, hands the platform's fetch the URL and init, as looked up at each call", async () => {
    const rt = createRuntime({ baseUrl: 'https://api.test', auth: auth(), errors, timeoutMs: 1000, retry: false });
    const first = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => new Response('{"n":1}', { headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', first);
    expect(await rt.call(op, { path: { id: 'a b' } })).toEqual({ n: 1 });
    const [url, init] = first.mock.calls[0] ?? [];
    expect(url).toBe('https://api.test/v1/things/a%20b');
    expect(new Headers(init?.headers).get('x-key')).toBe('key-12345678');
    expect(init?.signal).toBeInstanceOf(AbortSignal);
    const second = vi.fn(async () => new Response('{"n":2}'));
    vi.stubGlobal('fetch', second);
    expect(await rt.call(op, { path: { id: '1' } })).toEqual({ n: 2 });
  });

  it('redacts the headers of a successful answer when they are read, with the secrets of the time it arrived', async () => {
    const api = fakeFetch(() => ({ body: {}, headers: { 'X-Echo': 'key=key-12345678' } }));
    const rt = createRuntime({ baseUrl: 'https://api.test', auth: auth(), errors, fetch: api.fetch, timeoutMs: 1000, retry: false });
    const sent = await rt.send(op, { path: { id: '1' } });
    expect(sent.headers.get('x-echo')).toBe('key=[redacted]');
    expect(sent.headers).toBe(sent.headers);
  });

  it('reads a validated body\'s warnings only when there is an onWarning to give them to (they cost a second parse)', async () => {
    const body = { op: { ...op, method: 'POST', path: '/v1/things', pathParams: [], body: true, retry: 'create', validate: { resource: 'things', kind: 'create' } } satisfies OperationSpec };
    let reads = 0;
    const validator = () => ({
      success: false as const,
      errors: { name: ['This field is required.'] },
      get warnings() {
        reads += 1;
        return [];
      },
    });
    const api = fakeFetch(() => ({ body: {} }));
    const quiet = createRuntime({ baseUrl: 'https://api.test', auth: auth(), errors, fetch: api.fetch, timeoutMs: 1000, retry: false, validator });
    await expect(quiet.send(body.op, { body: {} })).rejects.toThrow('invalid');
    expect(reads).toBe(0);
    const listening = createRuntime({ baseUrl: 'https://api.test', auth: auth(), errors, fetch: api.fetch, timeoutMs: 1000, retry: false, validator, onWarning: () => undefined });
    await expect(listening.send(body.op, { body: {} })).rejects.toThrow('invalid');
    expect(reads).toBeGreaterThan(0);
    expect(api.seen).toHaveLength(0);
  });
});
