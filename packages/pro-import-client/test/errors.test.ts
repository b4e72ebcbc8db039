import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createProImportClient,
  flattenErrors,
  ProImportAuthError,
  ProImportForbiddenError,
  ProImportHttpError,
  ProImportNotFoundError,
  ProImportValidationError,
} from '../src/index.js';
import { startServer } from './server.js';

const TOKEN = 'secret-token-6f1c2d9a';
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function clientAnswering(status: number, body: unknown) {
  const server = await startServer(() => ({ status, body }));
  close = server.close;
  return createProImportClient({ token: TOKEN, baseUrl: server.url, retry: false });
}

describe('flattenErrors', () => {
  it.each([
    ['field errors', { title: ['This field is required.'] }, [{ path: 'title', messages: ['This field is required.'] }]],
    [
      'nested field errors',
      { category_fields: { brand: ['"x" is not a valid choice.'], registration_number: ['Required.'] } },
      [
        { path: 'category_fields.brand', messages: ['"x" is not a valid choice.'] },
        { path: 'category_fields.registration_number', messages: ['Required.'] },
      ],
    ],
    ['list indices', { price: [{}, { type: ['Not allowed.'] }] }, [{ path: 'price.1.type', messages: ['Not allowed.'] }]],
    ['non-field errors', ['Ad has been deleted, cannot update'], [{ path: '', messages: ['Ad has been deleted, cannot update'] }]],
    ['non_field_errors key', { non_field_errors: ['Bad.'] }, [{ path: '', messages: ['Bad.'] }]],
    ['a detail string', { detail: 'Nope' }, [{ path: 'detail', messages: ['Nope'] }]],
    ['nothing', null, []],
  ])('%s', (_name, body, expected) => {
    expect(flattenErrors(body)).toEqual(expected);
  });
});

describe('error classes by status', () => {
  it.each([
    [400, { category_fields: { brand: ['Invalid.'] } }, ProImportValidationError],
    [401, { detail: 'Invalid token: expired' }, ProImportAuthError],
    [403, { detail: 'You do not have permission.' }, ProImportForbiddenError],
    [404, { detail: 'Not found.' }, ProImportNotFoundError],
    [500, { detail: 'Server error' }, ProImportHttpError],
    [409, 'conflict', ProImportHttpError],
  ] as const)('%i -> %s', async (status, body, cls) => {
    const client = await clientAnswering(status, body);
    const error = await client.car.get('car-17').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(ProImportHttpError);
    const http = error as ProImportHttpError;
    expect(http.status).toBe(status);
    expect(http.method).toBe('GET');
    expect(http.path).toBe('/v4/car/car-17');
    expect(http.body).toEqual(body);
    expect(http.message).toContain('GET /v4/car/car-17');
  });

  it('a success that is not JSON is an error that names the cause, and is not retried', async () => {
    let calls = 0;
    const client = createProImportClient({
      token: TOKEN,
      retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 },
      fetch: async () => {
        calls += 1;
        return new Response('<html>login</html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
      },
    });
    await expect(client.car.get('a')).rejects.toThrow('GET /v4/car/a answered with a body that is not JSON; check baseUrl (a proxy or login page?)');
    expect(calls).toBe(1);
  });

  it('a 400 keeps the raw body and the flat list', async () => {
    const body = { category_fields: { brand: ['"x" is not a valid choice.'] }, price: [{ type: ['"reduced" is not allowed.'] }] };
    const client = await clientAnswering(400, body);
    const error = (await client.car.validate({} as never).catch((e: unknown) => e)) as ProImportValidationError;
    expect(error.body).toEqual(body);
    expect(error.errors).toEqual([
      { path: 'category_fields.brand', messages: ['"x" is not a valid choice.'] },
      { path: 'price.0.type', messages: ['"reduced" is not allowed.'] },
    ]);
    expect(error.message).toBe(
      'POST /v4/car/validate was rejected as invalid (400): category_fields.brand: "x" is not a valid choice.; price.0.type: "reduced" is not allowed.',
    );
  });
});

describe('the token never shows', () => {
  it('not in the client, its namespaces, any error, or their serializations', async () => {
    const outputs: string[] = [];
    for (const status of [400, 401, 403, 404, 500]) {
      const client = await clientAnswering(status, { detail: `status ${status}` });
      const error = await client.boat.patch('b-1', {}).catch((e: unknown) => e);
      outputs.push(String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), (error as Error).stack ?? '');
      outputs.push(String(client), JSON.stringify(client), inspect(client, { depth: 10, showHidden: true }), inspect(client.car, { showHidden: true }));
      await close?.();
      close = undefined;
    }
    const offline = createProImportClient({ token: TOKEN, baseUrl: 'http://127.0.0.1:9/pro-import-api', retry: false });
    const network = await offline.ads.list().catch((e: unknown) => e);
    expect(network).toBeInstanceOf(ProImportHttpError);
    outputs.push(String(network), JSON.stringify(network), inspect(network, { depth: 10, showHidden: true }));
    for (const text of outputs) expect(text).not.toContain(TOKEN);
    expect(outputs.join('\n')).toContain('GET /v4/ad');
  });

  it('not even when a proxy echoes the request headers in its error body', async () => {
    for (const status of [400, 401, 403, 404, 500]) {
      const client = await clientAnswering(status, { detail: `Invalid token: ${TOKEN}`, headers: { 'x-auth-token': TOKEN }, [TOKEN]: [TOKEN] });
      const error = await client.ads.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProImportHttpError);
      const seen = `${String(error)} ${inspect(error, { depth: 10 })} ${JSON.stringify(error)} ${(error as Error).stack}`;
      expect(seen).not.toContain(TOKEN);
      expect(seen).toContain('[redacted]');
      await close?.();
      close = undefined;
    }
  });

  it('refuses to start without a token', () => {
    expect(() => createProImportClient({ token: '' })).toThrow(/needs a token/);
  });
});
