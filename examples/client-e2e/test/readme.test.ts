import { readFile } from 'node:fs/promises';
import * as kleinanzeigen from '@x/kleinanzeigen-client';
import * as kleinanzeigenCore from '@x/kleinanzeigen-client/core';
import * as kleinanzeigenValidators from '@x/kleinanzeigen-client/validators';
import { createKleinanzeigenFake } from '@x/kleinanzeigen-testkit';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '@x/kleinanzeigen-testkit/server';
import * as proImport from '@x/pro-import-client';
import * as proImportCore from '@x/pro-import-client/core';
import * as proImportServer from '@x/pro-import-testkit/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runBlock, tsBlocks } from '@x/doc-tests';

// The README examples of both clients, run as written against the testkits' fakes over HTTP: the production URLs
// they use are sent to the fake by a stubbed global fetch, the credentials come from the environment as the
// examples say. A README that drifts from the client fails here.
const PRO_IMPORT_README = new URL('../../../packages/pro-import-client/README.md', import.meta.url);
const KLEINANZEIGEN_README = new URL('../../../packages/kleinanzeigen-client/README.md', import.meta.url);
const IMAGES = new URL('../../kleinanzeigen-quickstart/images/', import.meta.url);

const realFetch = globalThis.fetch;
type Sent = { method: string; url: string; headers: Headers };
let seen: Sent[] = [];
let printed: { log: string[]; warn: string[]; error: string[] };

/** Sends what the examples address to `production` to `local` instead, and records each request. */
function redirect(production: string, local: string): void {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push({ method: request.method, url: request.url, headers: request.headers });
    if (!request.url.startsWith(production)) return realFetch(request);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    return realFetch(new Request(`${local}${request.url.slice(production.length)}`, { method: request.method, headers: request.headers, body, signal: request.signal }));
  });
}

beforeEach(() => {
  seen = [];
  printed = { log: [], warn: [], error: [] };
  for (const level of ['log', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...values: unknown[]) => void printed[level].push(values.map(String).join(' ')));
  }
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('packages/pro-import-client/README.md', () => {
  let running: proImportServer.RunningFakeServer;
  const modules = { '@x/pro-import-client': proImport, '@x/pro-import-client/core': proImportCore, '@x/pro-import-testkit/server': proImportServer };
  beforeEach(async () => {
    running = await proImportServer.startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
    redirect('https://api.blocket.se/pro-import-api', running.baseUrl);
    vi.stubEnv('PRO_IMPORT_TOKEN', running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' }));
  });
  afterEach(async () => {
    await running.close();
  });
  const localClient = () => proImport.createProImportClient({ token: process.env.PRO_IMPORT_TOKEN!, baseUrl: running.baseUrl });

  it('has the blocks these tests run', async () => {
    expect(await tsBlocks(PRO_IMPORT_README)).toHaveLength(6);
  });

  it('"A car, end to end": creates, waits until published, patches the price', async () => {
    const [block] = await tsBlocks(PRO_IMPORT_README);
    await runBlock(block!, { modules });
    expect(printed.error).toEqual([]);
    expect(printed.log).toEqual([expect.stringMatching(/^published as \S+ \(request [0-9a-f-]{36}\)$/)]);
    const ad = running.fake.getAd('D1', '5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1001');
    expect(ad?.price).toEqual([{ type: 'reduced', amount: 399900, currency: 'SEK' }]);
  });

  it('"A boat": creates, follows the log, migrates a V3 boat', async () => {
    const [, block] = await tsBlocks(PRO_IMPORT_README);
    running.fake.seedV3Ad({ category_id: 1062, source_id: 'old-v3-boat' });
    const { boat } = (await runBlock(block!, { modules, context: { client: localClient() } })).declared;
    expect(boat).toMatchObject({ source_id: '5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1010' });
    expect(running.fake.getAd('D1', 'old-v3-boat')).toMatchObject({ api_version: 'v4' });
  });

  it('"Testing without production": the fake server and a client on it', async () => {
    const [, , block] = await tsBlocks(PRO_IMPORT_README);
    // The placeholder for the reader's own code becomes one real call.
    expect(block).toContain('// ... your integration code ...');
    const withCall = block!.replace('// ... your integration code ...', 'await client.car.list();');
    const { client } = (await runBlock(withCall, { modules, context: { createProImportClient: proImport.createProImportClient } })).declared;
    expect(client).toBeInstanceOf(proImport.ProImportClient);
    expect(seen.filter((s) => s.url.includes('/pro-import-api/v4/car'))).toHaveLength(1);
  });

  it('"Validation before sending": warnings of a reconstructed rule go to onWarning and the body is sent', async () => {
    const [, , , , block] = await tsBlocks(PRO_IMPORT_README);
    const warned: string[] = [];
    const context = { createProImportClient: proImport.createProImportClient, token: process.env.PRO_IMPORT_TOKEN, log: { warn: (line: string) => warned.push(line) } };
    const { client } = (await runBlock(block!, { modules, context })).declared;
    const boat = (client as proImport.ProImportClient).boat;
    await boat.create({
      source_id: 'boat-with-an-unknown-brand',
      category_id: 1060,
      title: 'Egen båt',
      contact: { email: 'a@example.com' },
      category_fields: { brand: 'a-brand-the-catalogue-lacks', model: 'X', model_year: 2020, boat_type: 'motorboat' },
    });
    expect(warned).toEqual([expect.stringMatching(/^POST \/v4\/boat: category_fields\.brand: .*\((inferred|reconstructed): /)]);
    expect(running.fake.getAd('D1', 'boat-with-an-unknown-brand')).toBeDefined();
  });

  it('"Only what your app uses": the car namespace alone, over a runtime, lists the dealer\'s cars', async () => {
    const [, , , , , block] = await tsBlocks(PRO_IMPORT_README);
    const client = localClient();
    for (const [n, plate] of [[1, 'ABC101'], [2, 'ABC102']] as const) {
      await client.car.createAndWait({
        source_id: `core-car-${n}`,
        category_id: 1020,
        body: 'Välvårdad XC60.',
        price: [{ type: 'list', amount: 429900, currency: 'SEK' }],
        location: { zipcode: '11122' },
        category_fields: { registration_number: plate, brand: 'volvo', model: 'xc60', model_year: 2021, mileage: 45000, fuel: 'diesel', gearbox: 'automatic', body_type: 'suv' },
      });
    }
    seen = [];
    await runBlock(block!, { modules });
    expect(printed.error).toEqual([]);
    expect(printed.log.sort()).toEqual([expect.stringMatching(/^core-car-1 \w+$/), expect.stringMatching(/^core-car-2 \w+$/)]);
    expect(seen.filter((s) => s.url.startsWith('https://api.blocket.se/pro-import-api/v4/car?'))).toHaveLength(1);
    expect(seen.every((s) => s.headers.get('x-auth-token') === process.env.PRO_IMPORT_TOKEN)).toBe(true);
  });

  it('"Logging, tracing and response metadata": hooks without the token, per-call headers, withResponse', async () => {
    const [, , , block] = await tsBlocks(PRO_IMPORT_README);
    await runBlock(block!, { modules });
    expect(printed.log.map((line) => line.replace(/\d+ ms/, 'N ms'))).toEqual([
      'boat.create 201 (attempt 1, N ms)',
      'boat.get 200 (attempt 1, N ms)',
      '5d0c1b9e-4a8f-4a65-9c41-0f7e2a1c1002 200 no request id 1',
    ]);
    const api = seen.filter((s) => s.url.startsWith('https://api.blocket.se/'));
    expect(api.map((s) => s.headers.get('traceparent'))).toEqual(['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01']);
    expect(api.map((s) => s.headers.get('x-correlation-id'))).toEqual([null, 'nightly-sync-42']);
    expect(api.every((s) => s.headers.get('x-auth-token') === process.env.PRO_IMPORT_TOKEN)).toBe(true);
  });
});

describe('packages/kleinanzeigen-client/README.md', () => {
  const CREDENTIALS = { clientId: 'readme-shop', clientSecret: 'readme-secret-value' };
  let running: RunningKleinanzeigenServer;
  const files = { readFile: (name: string) => readFile(new URL(name, IMAGES)) };
  const modules = { '@x/kleinanzeigen-client': kleinanzeigen, '@x/kleinanzeigen-client/core': kleinanzeigenCore, '@x/kleinanzeigen-client/validators': kleinanzeigenValidators, 'node:fs/promises': files };
  beforeEach(async () => {
    running = await startKleinanzeigenServer({ port: 0, fake: createKleinanzeigenFake({ clock: 'real', latencyMs: 20, clients: [CREDENTIALS] }) });
    redirect('https://developer.kleinanzeigen.de', running.origin);
    vi.stubEnv('KLEINANZEIGEN_CLIENT_ID', CREDENTIALS.clientId);
    vi.stubEnv('KLEINANZEIGEN_CLIENT_SECRET', CREDENTIALS.clientSecret);
  });
  afterEach(async () => {
    await running.close();
  });

  it('has the blocks these tests run', async () => {
    expect(await tsBlocks(KLEINANZEIGEN_README)).toHaveLength(5);
  });

  it('"A listing, end to end": imprint, listing, two images, publish, republish, pause, resume, delete', async () => {
    const [block] = await tsBlocks(KLEINANZEIGEN_README);
    await runBlock(block!, { modules });
    expect(printed.error).toEqual([]);
    expect(printed.log).toEqual([expect.stringMatching(/^live as ad \S+$/)]);
    const deletes = seen.filter((s) => s.method === 'DELETE' && /\/api\/goods\/v1\/listings\/[^/]+$/.test(new URL(s.url).pathname));
    expect(deletes).toHaveLength(1);
  });

  it('"Logging, tracing and response metadata": hooks, per-call headers, withResponse, an error\'s metadata', async () => {
    const [, block] = await tsBlocks(KLEINANZEIGEN_README);
    const { imprint, status } = (await runBlock(block!, { modules })).declared;
    expect(status).toBe(201);
    expect(imprint).toMatchObject({ uuid: expect.any(String) });
    expect(printed.log.map((line) => line.replace(/\d+ ms/, 'N ms'))).toEqual([
      'imprints.create 201 (attempt 1, N ms)',
      `${(imprint as { uuid: string }).uuid} 201 no request id`,
      'listings.get 404 (attempt 1, N ms)',
    ]);
    expect(printed.error).toEqual([expect.stringMatching(/^404 .+ no request id 1$/)]);
    expect(printed.warn).toEqual([]);
    const create = seen.find((s) => s.url.endsWith('/api/goods/v1/imprints'));
    expect(create?.headers.get('x-correlation-id')).toBe('import-42');
  });

  it('"Retries": a listing create that may have worked is reported as outcome unknown, never sent twice', async () => {
    const [, , block] = await tsBlocks(KLEINANZEIGEN_README);
    await runBlock(block!, { modules });
    expect([printed.warn, running.fake.listListings().length]).toEqual([[], 1]);
    running.fake.faults.schedule({ method: 'POST', path: '/v1/listings', status: 502 });
    await runBlock(block!, { modules });
    expect(printed.warn).toEqual(['listings.create: outcome unknown for sku-4711 (502)']);
    expect(seen.filter((s) => s.method === 'POST' && s.url.endsWith('/api/goods/v1/listings'))).toHaveLength(2);
  });

  it('"Validation": the validators answer what the comments say', async () => {
    const [, , , block] = await tsBlocks(KLEINANZEIGEN_README);
    const { outcome } = (await runBlock(block!, { modules })).declared;
    expect(outcome).toEqual({
      success: false,
      warnings: [],
      errors: { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid request content.', errors: [{ field: 'price.amount', message: 'must not be null' }] },
    });
    expect(kleinanzeigenValidators.validatePayload('media', 'requestTicket', { mediaType: 'image/gif' })).toEqual({
      success: false,
      warnings: [],
      errors: { type: 'about:blank', title: 'Unsupported Media Type', status: 415, detail: "Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png" },
    });
    expect(kleinanzeigenValidators.validatePayload('listings', 'create', { category: 'Spielzeug', description: 'Wie neu' })).toMatchObject({
      success: true,
      warnings: [{ path: 'title', message: 'must not be null', source: { kind: 'reconstructed', reason: expect.stringMatching(/^G-5: /) } }],
    });
  });

  it('"Only what your app uses": the listings namespace alone, over a runtime with its own token, creates and reads', async () => {
    const [, , , , block] = await tsBlocks(KLEINANZEIGEN_README);
    await runBlock(block!, { modules });
    expect(printed.error).toEqual([]);
    expect(printed.log).toEqual(['Lego 42100']);
    const api = seen.filter((s) => s.url.startsWith('https://developer.kleinanzeigen.de/api/goods/'));
    expect(api.map((s) => `${s.method} ${new URL(s.url).pathname.replace(/[0-9a-f-]{36}$/, '{uuid}')}`)).toEqual(['POST /api/goods/v1/listings', 'GET /api/goods/v1/listings/{uuid}']);
    expect(seen.filter((s) => s.url.endsWith('/v2/oidc/token'))).toHaveLength(1);
  });
});
