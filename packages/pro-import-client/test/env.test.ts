import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProImportRuntime, CarNamespace } from '../src/core.js';
import { createProImportClient } from '../src/index.js';
import { startServer } from './server.js';

const TOKEN = 'eyJhbGciOi.env-token.5b2c';

describe('credentials from the environment when the options leave them out', () => {
  const cleanups: Array<() => Promise<void>> = [];
  beforeEach(() => {
    vi.stubEnv('PRO_IMPORT_TOKEN', '');
    vi.stubEnv('PRO_IMPORT_BASE_URL', '');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function server() {
    const running = await startServer(() => ({ status: 200, body: { source_id: 'car-1', state: 'created' } }));
    cleanups.push(running.close);
    return running;
  }

  it('createProImportClient() sends PRO_IMPORT_TOKEN to PRO_IMPORT_BASE_URL', async () => {
    const running = await server();
    vi.stubEnv('PRO_IMPORT_TOKEN', TOKEN);
    vi.stubEnv('PRO_IMPORT_BASE_URL', running.url);
    await createProImportClient().car.get('car-1');
    expect(running.requests.map((r) => [r.path, r.headers['x-auth-token']])).toEqual([['/pro-import-api/v4/car/car-1', TOKEN]]);
  });

  it('an option wins over its variable', async () => {
    const running = await server();
    vi.stubEnv('PRO_IMPORT_TOKEN', 'not-this-one');
    vi.stubEnv('PRO_IMPORT_BASE_URL', 'http://127.0.0.1:9/not-here');
    await new CarNamespace(createProImportRuntime({ token: TOKEN, baseUrl: running.url })).get('car-1');
    expect(running.requests.map((r) => r.headers['x-auth-token'])).toEqual([TOKEN]);
  });

  it('the token from the environment with the production base URL when PRO_IMPORT_BASE_URL is not set', async () => {
    const seen: string[] = [];
    vi.stubEnv('PRO_IMPORT_TOKEN', TOKEN);
    const client = createProImportClient({ fetch: async (request) => (seen.push(request.url), Response.json({ source_id: 'car-1' })), retry: false });
    await client.car.get('car-1');
    expect(seen).toEqual(['https://api.blocket.se/pro-import-api/v4/car/car-1']);
  });

  it('a missing token is one line naming the variable', () => {
    expect(() => createProImportClient()).toThrow(new TypeError('createProImportClient: no token: pass { token } or set the environment variable PRO_IMPORT_TOKEN'));
    expect(() => createProImportRuntime()).toThrow(new TypeError('createProImportRuntime: no token: pass { token } or set the environment variable PRO_IMPORT_TOKEN'));
  });

  it('a PRO_IMPORT_BASE_URL that is no URL is named as the variable', () => {
    vi.stubEnv('PRO_IMPORT_TOKEN', TOKEN);
    vi.stubEnv('PRO_IMPORT_BASE_URL', '127.0.0.1:4010/pro-import-api');
    expect(() => createProImportClient()).toThrow(
      'createProImportClient: PRO_IMPORT_BASE_URL (the default of baseUrl) must be an absolute http(s) URL such as https://api.blocket.se/pro-import-api',
    );
  });
});
