import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiHttpError,
  ApiPromise,
  createRuntime,
  debugEnabled,
  NOT_PROCESSED_STATUSES,
  debugLogger,
  requestIdOf,
  staticToken,
  type AuthProvider,
  type ErrorFactory,
  type Middleware,
  type OperationSpec,
  type RuntimeOptions,
} from '../src/index.js';
import { fakeFetch, type Answer, type Seen } from './fetch.js';

const errors: ErrorFactory = {
  response: (init) => new ApiHttpError(`${init.method} ${init.path} failed with HTTP ${init.status}`, init),
  timeout: (message, init) => new ApiHttpError(message, init),
  transport: (message, init) => new ApiHttpError(message, init),
  validation: (init) => new ApiHttpError('invalid', init),
};
const op = (over: Partial<OperationSpec> = {}): OperationSpec => ({
  operationId: 'getthing',
  namespace: 'things',
  methodName: 'get',
  method: 'GET',
  path: '/v1/things/{id}',
  pathParams: ['id'],
  queryParams: [],
  body: false,
  retry: 'idempotent',
  ...over,
});
const FAST = { retries: 3, minDelayMs: 1, maxDelayMs: 5 };
const TOKEN = 'tok-abcdefgh-12345';

function runtime(handler: (request: Seen, index: number) => Answer | Promise<Answer>, over: Partial<RuntimeOptions> = {}) {
  const api = fakeFetch(handler);
  const rt = createRuntime({ baseUrl: 'https://api.test', auth: staticToken({ header: 'X-Key', token: TOKEN, what: 't' }), errors, fetch: api.fetch, timeoutMs: 1000, retry: FAST, ...over });
  return { rt, seen: api.seen };
}

async function failure(promise: Promise<unknown>): Promise<ApiHttpError> {
  const error = await promise.then(
    () => expect.unreachable('the call should fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiHttpError);
  return error as ApiHttpError;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('per-call headers', () => {
  it('are sent with every attempt, beside the credentials', async () => {
    const { rt, seen } = runtime((_r, i) => (i === 0 ? { status: 503 } : { body: {} }));
    await rt.call(op(), { path: { id: '1' } }, { headers: { 'X-Trace-Id': 'trace-1', 'Accept-Language': 'sv' } });
    expect(seen.map((r) => [r.headers.get('x-trace-id'), r.headers.get('accept-language'), r.headers.get('x-key')])).toEqual([
      ['trace-1', 'sv', TOKEN],
      ['trace-1', 'sv', TOKEN],
    ]);
  });

  it('cannot replace the authentication header, and nothing is sent', async () => {
    const { rt, seen } = runtime(() => ({ body: {} }));
    await expect(rt.call(op(), { path: { id: '1' } }, { headers: { 'x-key': 'someone-elses-key' } })).rejects.toThrow(
      new TypeError('GET /v1/things/1: options.headers cannot set "x-key": the client\'s authentication sets it'),
    );
    expect(seen).toHaveLength(0);
  });

  it('refuses a value with a newline without showing it, and a name that is not a header name', async () => {
    const { rt, seen } = runtime(() => ({ body: {} }));
    const error = await rt.call(op(), { path: { id: '1' } }, { headers: { 'X-Api-Key': 'secret-value\nInjected: 1' } }).catch((e: unknown) => e);
    expect(error).toEqual(new TypeError('GET /v1/things/1: options.headers["X-Api-Key"] contains a character a header cannot carry (a newline?); the value is not shown here'));
    await expect(rt.call(op(), { path: { id: '1' } }, { headers: { 'Bad Name': 'x' } })).rejects.toThrow('options.headers has "Bad Name", which is not a valid header name');
    expect(seen).toHaveLength(0);
  });
});

describe('middleware', () => {
  it('sees every attempt without the credentials, can add a header, and sees each response', async () => {
    const events: string[] = [];
    const tracing: Middleware = {
      onRequest: ({ request, operation, attempt }) => {
        events.push(`request ${operation.name} ${operation.method} ${operation.path} #${attempt} key=${request.headers.get('x-key')}`);
        const headers = new Headers(request.headers);
        headers.set('traceparent', `00-trace-${attempt}`);
        return new Request(request, { headers });
      },
      onResponse: ({ response, attempt, durationMs }) => {
        expect(durationMs).toBeGreaterThanOrEqual(0);
        events.push(`response ${response.status} #${attempt}`);
      },
    };
    const { rt, seen } = runtime((_r, i) => (i === 0 ? { status: 500 } : { body: { ok: 1 } }), { middleware: [tracing] });
    expect(await rt.call(op(), { path: { id: '7' } })).toEqual({ ok: 1 });
    expect(events).toEqual(['request things.get GET /v1/things/7 #1 key=null', 'response 500 #1', 'request things.get GET /v1/things/7 #2 key=null', 'response 200 #2']);
    expect(seen.map((r) => [r.headers.get('traceparent'), r.headers.get('x-key')])).toEqual([
      ['00-trace-1', TOKEN],
      ['00-trace-2', TOKEN],
    ]);
  });

  it('use() adds middleware; onError hears of an attempt without a response; a response it replaces is used', async () => {
    const { rt } = runtime((_r, i) => (i === 0 ? new TypeError('fetch failed') : { body: { from: 'server' } }));
    const seenErrors: unknown[] = [];
    rt.use({ onError: ({ error, attempt }) => void seenErrors.push([attempt, (error as Error).message]) });
    rt.use({ onResponse: () => Response.json({ from: 'hook' }) });
    expect(await rt.call(op(), { path: { id: '1' } })).toEqual({ from: 'hook' });
    expect(seenErrors).toEqual([[1, 'fetch failed']]);
  });

  it('a hook that throws fails the call with its own error, not retried', async () => {
    const { rt, seen } = runtime(() => ({ body: {} }), { middleware: [{ onResponse: () => Promise.reject(new Error('metrics are down')) }] });
    await expect(rt.call(op(), { path: { id: '1' } })).rejects.toThrow('metrics are down');
    expect(seen).toHaveLength(1);
  });

  it('a hook that reads the body is told to read a clone', async () => {
    const { rt } = runtime(() => ({ body: {} }), { middleware: [{ onResponse: async ({ response }) => void (await response.text()) }] });
    await expect(rt.call(op(), { path: { id: '1' } })).rejects.toThrow('an onResponse hook read the response body; read response.clone() instead');
  });

  it('refuses what is not middleware, naming the hook', () => {
    const { rt } = runtime(() => ({ body: {} }));
    expect(() => rt.use({ onReqest: () => undefined } as unknown as Middleware)).toThrow('use(): argument 1: unknown middleware hook "onReqest"; the hooks are onRequest, onResponse, onError');
    expect(() => rt.use({ onRequest: 'log' } as unknown as Middleware)).toThrow('use(): argument 1: middleware.onRequest must be a function');
  });
});

describe('response metadata', () => {
  it('withResponse() gives the body with the status, headers, request id and attempts; awaiting gives the body', async () => {
    const { rt, seen } = runtime((_r, i) => (i === 0 ? { status: 502 } : { status: 201, body: { id: 1 }, headers: { 'X-Request-Id': 'req-42' } }));
    const promise = rt.call<{ id: number }>(op({ method: 'POST' }), { path: { id: '1' } });
    expect(promise).toBeInstanceOf(ApiPromise);
    expect(promise).toBeInstanceOf(Promise);
    const sent = await promise.withResponse();
    expect(sent).toMatchObject({ data: { id: 1 }, status: 201, requestId: 'req-42', attempts: 2 });
    expect(sent.headers.get('x-request-id')).toBe('req-42');
    expect(await promise).toEqual({ id: 1 });
    expect(seen).toHaveLength(2);
  });

  it('says requestId undefined when the answer carries none (neither API documents one)', async () => {
    const { rt } = runtime(() => ({ body: {} }));
    expect((await rt.call(op(), { path: { id: '1' } }).withResponse()).requestId).toBeUndefined();
    expect(requestIdOf(new Headers({ 'X-Correlation-Id': 'c-1' }))).toBe('c-1');
    expect(requestIdOf(new Headers({ 'X-Amzn-RequestId': 'a-1' }), ['x-amzn-requestid'])).toBe('a-1');
  });

  it('a rejected call used only through withResponse() leaves no unhandled rejection', async () => {
    const { rt } = runtime(() => ({ status: 404, body: { detail: 'Not found.' } }));
    const error = await failure(rt.call(op(), { path: { id: '1' } }).withResponse());
    expect(error.status).toBe(404);
    // vitest fails the run on an unhandled rejection; give one a turn to surface.
    await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it('every error carries the status, the headers, the request id and the attempts', async () => {
    const { rt } = runtime(() => ({ status: 404, body: { detail: 'Not found.' }, headers: { 'Request-Id': 'rid-9' } }));
    const error = await failure(rt.call(op(), { path: { id: '1' } }));
    expect(error).toMatchObject({ status: 404, requestId: 'rid-9', attempts: 1, stopReason: undefined });
    expect(error.headers?.get('request-id')).toBe('rid-9');
    expect(error.toJSON()).toEqual({ name: 'ApiHttpError', message: 'GET /v1/things/1 failed with HTTP 404', method: 'GET', path: '/v1/things/1', status: 404, body: { detail: 'Not found.' }, requestId: 'rid-9', attempts: 1 });
    // The headers stay out of logs of the error.
    expect(inspect(error)).not.toMatch(/Headers|request-id/);
    expect(Object.keys(error)).not.toContain('headers');
  });

  it('response headers that echo the token are redacted', async () => {
    const { rt } = runtime((r) => ({ status: 400, body: {}, headers: { 'X-Echo': `key=${r.headers.get('x-key')}` } }));
    const error = await failure(rt.call(op(), { path: { id: '1' } }));
    expect(error.headers?.get('x-echo')).toBe('key=[redacted]');
  });
});

describe('why retries stopped', () => {
  it('retries exhausted after 4 attempts', async () => {
    const { rt, seen } = runtime(() => ({ status: 503, body: { detail: 'busy' } }));
    const error = await failure(rt.call(op(), { path: { id: '1' } }));
    expect(seen).toHaveLength(4);
    expect(error.message).toBe('GET /v1/things/1 failed with HTTP 503 (retries exhausted after 4 attempts)');
    expect(error).toMatchObject({ attempts: 4, stopReason: 'retries exhausted after 4 attempts' });
  });

  it('Retry-After 60 s exceeds maxDelayMs 10 s', async () => {
    const { rt, seen } = runtime(() => ({ status: 429, headers: { 'Retry-After': '60' } }), { retry: { retries: 3, minDelayMs: 1, maxDelayMs: 10_000 } });
    const error = await failure(rt.call(op(), { path: { id: '1' } }));
    expect(seen).toHaveLength(1);
    expect(error.stopReason).toBe('not retried: Retry-After 60 s exceeds maxDelayMs 10 s');
    expect(error.message).toBe('GET /v1/things/1 failed with HTTP 429 (not retried: Retry-After 60 s exceeds maxDelayMs 10 s)');
  });

  it('a call sent once is not retried after a 500 or a lost answer, and says so', async () => {
    const { rt, seen } = runtime(() => ({ status: 500 }));
    const error = await failure(rt.call(op({ method: 'POST', methodName: 'bump', retry: 'once' }), { path: { id: '1' } }));
    expect(seen).toHaveLength(1);
    expect(error.stopReason).toBe('not retried: things.bump is never sent twice once it may have reached the server');
    const lost = runtime(() => new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }));
    const network = await failure(lost.rt.call(op({ method: 'POST', methodName: 'bump', retry: 'once' }), { path: { id: '1' } }));
    expect(lost.seen).toHaveLength(1);
    expect(network.message).toBe('GET /v1/things/1 failed before any response (network error); check the connection and baseUrl (not retried: things.bump is never sent twice once it may have reached the server)'.replace('GET', 'POST'));
  });

  it('HTTP 500 is retried for idempotent calls and creates, never for calls sent once', async () => {
    for (const [retry, expected] of [['idempotent', 2], ['create', 2], ['once', 1]] as const) {
      const { rt, seen } = runtime((_r, i) => (i === 0 ? { status: 500 } : { body: {} }));
      await rt.call(op({ method: 'POST', retry }), { path: { id: '1' } }).catch(() => undefined);
      expect([retry, seen.length]).toEqual([retry, expected]);
    }
  });

  it('with resendOnceAfter, a call sent once is sent again after a 429 or 503 (nothing was done), honouring Retry-After, and stops at a 500', async () => {
    const resendOnceAfter = NOT_PROCESSED_STATUSES;
    for (const status of [429, 503]) {
      const { rt, seen } = runtime((_r, i) => (i === 0 ? { status, headers: { 'Retry-After': '0' } } : i === 1 ? { status } : { body: { ok: true } }), { resendOnceAfter });
      expect(await rt.call(op({ method: 'POST', methodName: 'bump', retry: 'once' }), { path: { id: '1' } })).toEqual({ ok: true });
      expect([status, seen.length]).toEqual([status, 3]);
      // Without it (the default), the first answer is the error.
      const plain = runtime(() => ({ status }));
      await failure(plain.rt.call(op({ method: 'POST', methodName: 'bump', retry: 'once' }), { path: { id: '1' } }));
      expect(plain.seen).toHaveLength(1);
    }
    const { rt, seen } = runtime((_r, i) => (i === 0 ? { status: 429 } : { status: 500 }), { resendOnceAfter });
    const error = await failure(rt.call(op({ method: 'POST', methodName: 'bump', retry: 'once' }), { path: { id: '1' } }));
    expect([seen.length, error.status, error.mayHaveArrived]).toEqual([2, 500, true]);
    expect(error.stopReason).toBe('not retried: things.bump is never sent twice once it may have reached the server');
  });

  it('says whether an attempt may have done the work: a lost answer or a 500/502/504 (also before a later 404), never a 429/503 or a refusal', async () => {
    const cases: Array<[string, (i: number) => Answer, boolean]> = [
      ['a 404 at once', () => ({ status: 404 }), false],
      ['503s only', () => ({ status: 503 }), false],
      ['a 502, then a 404', (i) => (i === 0 ? { status: 502 } : { status: 404 }), true],
      ['a lost answer, then a 404', (i) => (i === 0 ? new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }) : { status: 404 }), true],
      ['a refused connection only', () => new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), false],
      ['a lost answer at last', () => new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }), true],
    ];
    for (const [name, answer, expected] of cases) {
      const { rt } = runtime((_r, i) => answer(i));
      const error = await failure(rt.call(op({ method: 'DELETE' }), { path: { id: '1' } }));
      expect([name, error.mayHaveArrived]).toEqual([name, expected]);
      expect(error.toJSON().mayHaveArrived).toBe(expected ? true : undefined);
    }
  });

  it("a call sent once that may have done the work fails with the factory's outcomeUnknown error; nothing else does", async () => {
    const unknown = vi.fn((error: Error, operation: { name: string }) => new ApiHttpError(`${operation.name}: outcome unknown (${error.message})`, { method: 'POST', path: '/v1/things/1', cause: error }));
    const withHook: ErrorFactory = { ...errors, outcomeUnknown: unknown };
    const bump = op({ method: 'POST', methodName: 'bump', retry: 'once' });
    const lost = runtime(() => new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }), { errors: withHook });
    expect((await failure(lost.rt.call(bump, { path: { id: '1' } }))).message).toMatch(/^things\.bump: outcome unknown \(POST \/v1\/things\/1 failed before any response/);
    const fiveHundred = runtime(() => ({ status: 502 }), { errors: withHook });
    expect((await failure(fiveHundred.rt.call(bump, { path: { id: '1' } }))).cause).toMatchObject({ status: 502 });
    expect(unknown).toHaveBeenCalledTimes(2);
    // Not when nothing can have been done (a 409, a 503, a refused connection), nor for a call that is retried.
    for (const answer of [{ status: 409 }, { status: 503 }, new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })] as Answer[]) {
      const { rt } = runtime(() => answer, { errors: withHook });
      await failure(rt.call(bump, { path: { id: '1' } }));
    }
    const { rt } = runtime(() => ({ status: 502 }), { errors: withHook });
    await failure(rt.call(op(), { path: { id: '1' } }));
    expect(unknown).toHaveBeenCalledTimes(2);
  });

  it('a 4xx is not retried and names no stop reason; retry: false adds none either', async () => {
    const { rt } = runtime(() => ({ status: 409 }));
    expect((await failure(rt.call(op(), { path: { id: '1' } }))).stopReason).toBeUndefined();
    const off = runtime(() => ({ status: 503 }), { retry: false });
    const error = await failure(off.rt.call(op(), { path: { id: '1' } }));
    expect(error.message).toBe('GET /v1/things/1 failed with HTTP 503');
    expect(error.attempts).toBe(1);
  });
});

describe('a create that may have arrived', () => {
  const create = op({ method: 'POST', path: '/v1/things', pathParams: [], retry: 'create' });

  it('asks the resolver when the retries run out after an attempt that may have arrived', async () => {
    const resolver = vi.fn(async (_context: unknown) => ({ data: { id: 'stored' }, status: 200, headers: new Headers(), requestId: undefined, attempts: 1 }));
    const { rt, seen } = runtime((_r, i) => (i === 0 ? { status: 502 } : { status: 503 }), { resolveAmbiguousCreate: resolver });
    expect(await rt.call(create, { body: { id: 'x' } })).toEqual({ id: 'stored' });
    expect(seen).toHaveLength(4);
    expect(resolver).toHaveBeenCalledOnce();
    expect(resolver.mock.calls[0]?.[0]).toMatchObject({ status: 503 });
  });

  it('asks it after a last attempt without an answer, and not when no attempt can have arrived', async () => {
    const resolver = vi.fn(async (_context: unknown) => undefined);
    const lost = runtime(() => new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }), { resolveAmbiguousCreate: resolver });
    await failure(lost.rt.call(create, { body: { id: 'x' } }));
    expect(resolver).toHaveBeenCalledOnce();
    expect(resolver.mock.calls[0]?.[0]).toMatchObject({ status: undefined });
    const throttled = runtime(() => ({ status: 429 }), { resolveAmbiguousCreate: resolver });
    await failure(throttled.rt.call(create, { body: { id: 'x' } }));
    expect(resolver).toHaveBeenCalledOnce();
  });
});

describe('a token that cannot be sent (defect 5: a token with a newline)', () => {
  const NEWLINE_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.payload\n.signature-part';
  const provider: AuthProvider = { headers: () => ({ Authorization: `Bearer ${NEWLINE_TOKEN}` }), secrets: () => [NEWLINE_TOKEN] };

  it('is refused as the authentication\'s mistake: not a network error, not retried, never shown', async () => {
    const { rt, seen } = runtime(() => ({ body: {} }), { auth: provider });
    const error = await rt.call(op(), { path: { id: '1' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('GET /v1/things/1: the authentication produced a header value that cannot be sent (a control character?); it is not shown here');
    expect(seen).toHaveLength(0);
    for (const piece of ['eyJhbGciOiJIUzI1NiJ9', 'signature-part']) expect(inspect(error, { depth: 10 })).not.toContain(piece);
  });

  it('a network error whose message quotes a secret reaches the error redacted, through cause, also JSON-escaped', async () => {
    // A provider whose secret has a newline but sends something valid (a custom AuthProvider may do that).
    const escaping: AuthProvider = { headers: () => ({ Authorization: 'Bearer valid' }), secrets: () => [NEWLINE_TOKEN, TOKEN] };
    const quoting = new TypeError('fetch failed', { cause: new Error(`proxy refused ${JSON.stringify(NEWLINE_TOKEN)} and "Bearer ${TOKEN}"`) });
    const { rt } = runtime(() => quoting, { auth: escaping, retry: false });
    const error = await failure(rt.call(op(), { path: { id: '1' } }));
    const shown = inspect(error, { depth: 10 });
    expect(shown).toContain('proxy refused "[redacted]" and "Bearer [redacted]"');
    for (const piece of ['eyJhbGciOiJIUzI1NiJ9', 'signature-part', TOKEN]) expect(shown).not.toContain(piece);
  });
});

describe('the debug log', () => {
  it('is switched on by X_DEBUG or DEBUG', () => {
    expect(debugEnabled('pro-import', { X_DEBUG: 'pro-import' })).toBe(true);
    expect(debugEnabled('pro-import', { X_DEBUG: 'kleinanzeigen, pro-import' })).toBe(true);
    expect(debugEnabled('pro-import', { X_DEBUG: '*' })).toBe(true);
    expect(debugEnabled('pro-import', { X_DEBUG: 'kleinanzeigen' })).toBe(false);
    expect(debugEnabled('pro-import', { DEBUG: 'express:*,x:pro-import' })).toBe(true);
    expect(debugEnabled('pro-import', { DEBUG: 'x:*' })).toBe(true);
    expect(debugEnabled('pro-import', { DEBUG: 'x:kleinanzeigen' })).toBe(false);
    expect(debugEnabled('pro-import', {})).toBe(false);
  });

  it('debugLogger: the option wins over the environment', () => {
    vi.stubEnv('X_DEBUG', 'pro-import');
    const lines: string[] = [];
    debugLogger('pro-import', (line) => lines.push(line))?.('hello');
    expect(lines).toEqual(['[x:pro-import] hello']);
    expect(debugLogger('pro-import', false)).toBeUndefined();
    expect(debugLogger('pro-import', undefined)).toBeTypeOf('function');
    vi.stubEnv('X_DEBUG', '');
    expect(debugLogger('pro-import', undefined)).toBeUndefined();
  });

  it('says what each attempt got and why retries stopped, with secrets redacted', async () => {
    const lines: string[] = [];
    const { rt } = runtime((_r, i): Answer => (i < 2 ? { status: 503, headers: { 'Retry-After': '0' } } : { status: 404, headers: { 'X-Request-Id': 'r-1' } }), {
      debug: (line) => lines.push(line.replace(/in \d+ ms/, 'in N ms')),
    });
    await rt.call(op(), { path: { id: TOKEN } }).catch(() => undefined);
    expect(lines).toEqual([
      '-> GET /v1/things/[redacted] (attempt 1)',
      '<- 503 GET /v1/things/[redacted] in N ms (request id none); retrying in 0 ms (Retry-After 0 s)',
      '-> GET /v1/things/[redacted] (attempt 2)',
      '<- 503 GET /v1/things/[redacted] in N ms (request id none); retrying in 0 ms (Retry-After 0 s)',
      '-> GET /v1/things/[redacted] (attempt 3)',
      '<- 404 GET /v1/things/[redacted] in N ms (request id r-1)',
    ]);
  });
});
