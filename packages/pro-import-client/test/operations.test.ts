import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProImportClient, type OperationSpec } from '../src/index.js';
import { OPERATIONS } from '../src/generated/operations.gen.js';
import { startServer } from './server.js';

const TOKEN = 'tok-operations';
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer(() => ({ status: 200, body: { ok: true } }));
});
afterAll(() => server.close());

type Method = (...args: unknown[]) => Promise<unknown>;

function methodOf(client: object, op: OperationSpec): Method {
  const ns = (client as Record<string, unknown>)[op.namespace] as Record<string, unknown> | undefined;
  const fn = ns?.[op.methodName];
  if (typeof fn !== 'function') throw new Error(`client.${op.namespace}.${op.methodName} is missing`);
  return (fn as Method).bind(ns);
}

const operations = Object.values(OPERATIONS) as OperationSpec[];

describe('every generated operation reaches the server as documented', () => {
  it('covers the whole document', () => {
    expect(operations.length).toBeGreaterThan(150);
  });

  it.each(operations.map((op) => [op.operationId, op] as const))('%s', async (_id, op) => {
    const client = createProImportClient({ token: TOKEN, baseUrl: server.url, retry: false });
    const args: unknown[] = op.pathParams.map((name) => `v/${name} 1`);
    const body = { marker: op.operationId };
    if (op.body) args.push(body);
    const [firstQuery] = op.queryParams;
    if (firstQuery !== undefined) args.push({ [firstQuery]: 'q1' });
    const before = server.requests.length;
    await expect(methodOf(client, op)(...args)).resolves.toEqual({ ok: true });
    const received = server.requests[before];
    expect(received?.method).toBe(op.method);
    const expectedPath = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(`v/${name} 1`));
    expect(received?.url.split('?')[0]).toBe(`/pro-import-api${expectedPath}`);
    expect(received?.query).toEqual(firstQuery === undefined ? {} : { [firstQuery]: 'q1' });
    expect(received?.body).toEqual(op.body ? body : undefined);
    expect(received?.headers['x-auth-token']).toBe(TOKEN);
  });
});

describe('defaults and headers', () => {
  it('talks to production with X-Auth-Token by default', async () => {
    const seen: Request[] = [];
    const client = createProImportClient({
      token: TOKEN,
      fetch: async (request) => {
        seen.push(request);
        return new Response('{"results":[]}', { status: 200, headers: { 'Content-Type': 'application/json' } });
      },
    });
    await client.vehicles.attributes('car');
    expect(seen[0]?.url).toBe('https://api.blocket.se/pro-import-api/v4/vehicles/car/attributes');
    expect(seen[0]?.headers.get('X-Auth-Token')).toBe(TOKEN);
    expect(seen[0]?.headers.get('Accept')).toBe('application/json');
  });

  it('sends userAgent and JSON bodies', async () => {
    const client = createProImportClient({ token: TOKEN, baseUrl: `${server.url}/`, userAgent: 'dealer-sync/2.1', retry: false });
    const before = server.requests.length;
    await client.v3.create({ source_id: 'v3-1' } as never);
    const received = server.requests[before];
    expect(received?.headers['user-agent']).toBe('dealer-sync/2.1');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.url).toBe('/pro-import-api/v3/ad');
  });
});
