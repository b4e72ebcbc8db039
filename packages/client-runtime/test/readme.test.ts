import { runBlock, tsBlocks } from '@x/doc-tests';
import { afterEach, expect, it, vi } from 'vitest';
import * as runtimeModule from '../src/index.js';

const README = new URL('../README.md', import.meta.url);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

/** The README's ts block, run as written. */
async function runReadmeExample(): Promise<void> {
  const [block] = await tsBlocks(README);
  if (block === undefined) throw new Error('README.md has no ts block');
  await runBlock(block, { modules: { '@x/client-runtime': runtimeModule } });
}

it('the README example fetches a token and reads a listing with it', async () => {
  vi.stubEnv('KLEINANZEIGEN_CLIENT_ID', 'readme-client');
  vi.stubEnv('KLEINANZEIGEN_CLIENT_SECRET', 'readme-secret-value');
  const seen: string[] = [];
  vi.stubGlobal('fetch', async (request: Request) => {
    seen.push(`${request.method} ${request.url}`);
    if (request.url.endsWith('/v2/oidc/token')) {
      const form = new URLSearchParams(await request.text());
      expect(Object.fromEntries(form)).toMatchObject({ grant_type: 'client_credentials', client_id: 'readme-client', audience: 'consumer-goods-api' });
      return Response.json({ access_token: 'readme-access-token', token_type: 'bearer', expires_in: 3600 });
    }
    expect(request.headers.get('authorization')).toBe('Bearer readme-access-token');
    return Response.json({ title: 'Lego' }, { headers: { 'X-Request-Id': 'req-readme' } });
  });
  const printed: unknown[][] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => void printed.push(values));
  try {
    await runReadmeExample();
  } finally {
    log.mockRestore();
  }
  expect(printed).toEqual([['Lego', 200, 'req-readme']]);
  expect(seen).toEqual([
    'POST https://developer.kleinanzeigen.de/v2/oidc/token',
    'GET https://developer.kleinanzeigen.de/api/goods/v1/listings/123e4567-e89b-12d3-a456-426614174000',
  ]);
});
