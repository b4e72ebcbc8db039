import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiPromise, createProImportClient, ProImportHttpError, ProImportNotFoundError, type Middleware } from '../src/index.js';
import { startServer, type Handler } from './server.js';

const TOKEN = 'secret-token-6f1c2d9a';
const FAST = { retries: 3, minDelayMs: 1, maxDelayMs: 5 };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function serve(handler: Handler) {
  const server = await startServer(handler);
  close = server.close;
  return server;
}

describe('response metadata', () => {
  it('every method answers an ApiPromise: await gives the ad, withResponse() the status, headers, request id and attempts', async () => {
    const server = await serve((_req, index) => (index === 0 ? { status: 503 } : { status: 200, body: { source_id: 'a' }, headers: { 'X-Request-Id': 'req-1' } }));
    const client = createProImportClient({ token: TOKEN, baseUrl: server.url, retry: FAST });
    const call = client.car.get('a');
    expect(call).toBeInstanceOf(ApiPromise);
    const { data, status, headers, requestId, attempts } = await call.withResponse();
    expect({ data, status, requestId, attempts }).toEqual({ data: { source_id: 'a' }, status: 200, requestId: 'req-1', attempts: 2 });
    expect(headers.get('content-type')).toBe('application/json');
    expect(await call).toEqual({ source_id: 'a' });
    expect(server.requests).toHaveLength(2);
  });

  it('the API documents no request-id header: requestId is undefined when none comes', async () => {
    const server = await serve(() => ({ status: 201, body: { source_id: 'a' } }));
    const client = createProImportClient({ token: TOKEN, baseUrl: server.url, retry: false });
    expect((await client.car.create({ source_id: 'a' } as never).withResponse()).requestId).toBeUndefined();
  });

  it('errors carry the status, the response headers and the request id', async () => {
    const server = await serve(() => ({ status: 404, body: { detail: 'Not found.' }, headers: { 'Request-Id': 'rid-404' } }));
    const client = createProImportClient({ token: TOKEN, baseUrl: server.url, retry: false });
    const error = (await client.car.get('x').catch((e: unknown) => e)) as ProImportNotFoundError;
    expect(error).toBeInstanceOf(ProImportNotFoundError);
    expect(error).toMatchObject({ status: 404, requestId: 'rid-404', attempts: 1 });
    expect(error.headers?.get('request-id')).toBe('rid-404');
  });
});

describe('per-call headers and middleware', () => {
  it('sends per-call headers; the token cannot be replaced through them', async () => {
    const server = await serve(() => ({ body: {} }));
    const client = createProImportClient({ token: TOKEN, baseUrl: server.url, retry: false });
    await client.car.get('a', { headers: { 'X-Trace-Id': 't-1' } });
    expect(server.requests[0]?.headers['x-trace-id']).toBe('t-1');
    expect(server.requests[0]?.headers['x-auth-token']).toBe(TOKEN);
    await expect(client.car.get('a', { headers: { 'X-Auth-Token': 'other-token-123' } })).rejects.toThrow(
      'GET /v4/car/a: options.headers cannot set "X-Auth-Token": the client\'s authentication sets it',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('middleware (option and client.use) sees every attempt and never the token', async () => {
    const server = await serve((_req, index) => (index === 0 ? { status: 500 } : { status: 201, body: { source_id: 'a' } }));
    const seen: string[] = [];
    const log: Middleware = {
      onRequest: ({ request, operation, attempt }) => void seen.push(`${operation.name} ${request.method} ${new URL(request.url).pathname} #${attempt} token=${request.headers.get('x-auth-token')}`),
      onResponse: ({ response, operation }) => void seen.push(`${operation.operationId} ${response.status}`),
    };
    const client = createProImportClient({ token: TOKEN, baseUrl: server.url, retry: FAST, middleware: [log] });
    expect(client.use({ onRequest: ({ request }) => new Request(request, { headers: { ...Object.fromEntries(request.headers), 'x-from-use': '1' } }) })).toBe(client);
    await client.car.create({ source_id: 'a' } as never);
    expect(seen).toEqual([
      'car.create POST /pro-import-api/v4/car #1 token=null',
      'v4_car_create 500',
      'car.create POST /pro-import-api/v4/car #2 token=null',
      'v4_car_create 201',
    ]);
    expect(server.requests.map((r) => [r.headers['x-from-use'], r.headers['x-auth-token']])).toEqual([
      ['1', TOKEN],
      ['1', TOKEN],
    ]);
  });
});

describe('the debug log', () => {
  it('X_DEBUG=pro-import writes a line per attempt to stderr, without the token', async () => {
    vi.stubEnv('X_DEBUG', 'pro-import');
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
    const server = await serve((_req, index) => (index === 0 ? { status: 429, headers: { 'Retry-After': '0' } } : { status: 200, body: { token: TOKEN } }));
    const client = createProImportClient({ token: TOKEN, baseUrl: server.url, retry: FAST });
    await client.car.get(TOKEN);
    expect(lines.map((l) => l.replace(/in \d+ ms/, 'in N ms'))).toEqual([
      '[x:pro-import] -> GET /v4/car/[redacted] (attempt 1)',
      '[x:pro-import] <- 429 GET /v4/car/[redacted] in N ms (request id none); retrying in 0 ms (Retry-After 0 s)',
      '[x:pro-import] -> GET /v4/car/[redacted] (attempt 2)',
      '[x:pro-import] <- 200 GET /v4/car/[redacted] in N ms (request id none)',
    ]);
  });

  it('is off without the variable, and debug: false wins over it', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const server = await serve(() => ({ body: {} }));
    await createProImportClient({ token: TOKEN, baseUrl: server.url, retry: false }).car.get('a');
    vi.stubEnv('X_DEBUG', 'pro-import');
    await createProImportClient({ token: TOKEN, baseUrl: server.url, retry: false, debug: false }).car.get('a');
    expect(error).not.toHaveBeenCalled();
    const lines: string[] = [];
    await createProImportClient({ token: TOKEN, baseUrl: server.url, retry: false, debug: (line) => lines.push(line) }).car.get('a');
    expect(lines).toHaveLength(2);
  });
});

describe('a token with a newline (issue 10, defect 5)', () => {
  it('is refused when the client is made, the error does not show it, nothing is sent', () => {
    const pasted = `${TOKEN}\n`;
    const error = (() => {
      try {
        createProImportClient({ token: pasted, baseUrl: 'http://127.0.0.1:9/pro-import-api' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(ProImportHttpError);
    expect((error as Error).message).toMatch(/^createProImportClient: the token contains a control character/);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(TOKEN);
  });
});
