import { describe, expect, it } from 'vitest';
import { ApiHttpError, clientCredentials, createRuntime, staticToken, type ErrorFactory, type OperationSpec } from '../src/index.js';
import { fakeFetch } from './fetch.js';

const errors: ErrorFactory = {
  response: (init) => new ApiHttpError(`HTTP ${init.status}`, init),
  timeout: (message, where) => new ApiHttpError(message, where),
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
const FAST = { retries: 2, minDelayMs: 1, maxDelayMs: 5 };

describe('createRuntime', () => {
  it('builds the URL from the path template and the query, sends JSON, parses JSON and an empty 204', async () => {
    const api = fakeFetch((r) => (r.method === 'PUT' ? { status: 204 } : { body: { ok: true } }));
    const rt = createRuntime({ baseUrl: 'https://api.test/base/', auth: staticToken({ header: 'X-Key', token: 'key-123456', what: 't' }), errors, fetch: api.fetch, timeoutMs: 1000, retry: FAST });
    expect(await rt.call(op(), { path: { id: 'a b' }, query: { tags: ['x', 'y'], n: 1, skip: undefined } })).toEqual({ ok: true });
    expect(api.seen[0]?.url).toBe('https://api.test/base/v1/things/a%20b?tags=x%2Cy&n=1');
    expect(api.seen[0]?.headers.get('x-key')).toBe('key-123456');
    expect(await rt.call(op({ method: 'PUT', body: true }), { path: { id: '1' }, body: { a: 1 } })).toBeUndefined();
    expect(api.seen[1]?.body).toBe('{"a":1}');
    expect(api.seen[1]?.headers.get('content-type')).toBe('application/json');
  });

  it('after a 401 renews OAuth credentials once and sends again; a second 401 is the error', async () => {
    let tokens = 0;
    const tokenApi = fakeFetch(() => ({ body: { access_token: `token-number-${++tokens}`, expires_in: 3600 } }));
    const auth = clientCredentials({ tokenUrl: 'https://auth.test/token', clientId: 'me', clientSecret: 'secret-secret', fetch: tokenApi.fetch });
    const api = fakeFetch((r, i) => (i === 0 ? { status: 401, body: { detail: 'expired' } } : { body: { ok: r.headers.get('authorization') } }));
    const rt = createRuntime({ baseUrl: 'https://api.test', auth, errors, fetch: api.fetch, timeoutMs: 1000, retry: FAST });
    expect(await rt.call(op(), { path: { id: '1' } })).toEqual({ ok: 'Bearer token-number-2' });
    const refusing = fakeFetch(() => ({ status: 401, body: { detail: 'revoked' } }));
    const rt2 = createRuntime({ baseUrl: 'https://api.test', auth, errors, fetch: refusing.fetch, timeoutMs: 1000, retry: FAST });
    const error = await rt2.call(op(), { path: { id: '1' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiHttpError);
    expect((error as ApiHttpError).status).toBe(401);
    expect(refusing.seen).toHaveLength(2);
    expect(tokens).toBe(3);
  });

  it('redacts every secret of the authentication from error bodies', async () => {
    const api = fakeFetch((r) => ({ status: 502, body: { echoed: r.headers.get('x-key') } }));
    const rt = createRuntime({ baseUrl: 'https://api.test', auth: staticToken({ header: 'X-Key', token: 'key-abcdefgh', what: 't' }), errors, fetch: api.fetch, timeoutMs: 1000, retry: false });
    const error = (await rt.call(op(), { path: { id: '1' } }).catch((e: unknown) => e)) as ApiHttpError;
    expect(error.body).toEqual({ echoed: '[redacted]' });
  });

  it('never sends a `once` operation again after it may have arrived, and does retry an idempotent one', async () => {
    const api = fakeFetch(() => ({ status: 503 }));
    const rt = createRuntime({ baseUrl: 'https://api.test', auth: staticToken({ header: 'X', token: 'tok-12345678', what: 't' }), errors, fetch: api.fetch, timeoutMs: 1000, retry: FAST });
    await rt.call(op({ method: 'POST', retry: 'once' }), { path: { id: '1' } }).catch(() => undefined);
    expect(api.seen).toHaveLength(1);
    await rt.call(op(), { path: { id: '1' } }).catch(() => undefined);
    expect(api.seen).toHaveLength(4);
  });

  it('a 2xx that is not JSON is a transport error naming the path', async () => {
    const api = fakeFetch(() => ({ body: '<html>login</html>' }));
    const rt = createRuntime({ baseUrl: 'https://api.test', auth: staticToken({ header: 'X', token: 'tok-12345678', what: 't' }), errors, fetch: api.fetch, timeoutMs: 1000, retry: false });
    await expect(rt.call(op(), { path: { id: '1' } })).rejects.toThrow('GET /v1/things/1 answered with a body that is not JSON');
  });
});
