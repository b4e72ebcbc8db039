import { readFile } from 'node:fs/promises';
import ts from 'typescript';
import { afterEach, expect, it, vi } from 'vitest';
import * as runtimeModule from '../src/index.js';

const README = new URL('../README.md', import.meta.url);
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

/** The README's ts block, types stripped, its import turned into a parameter, run as written. */
async function runReadmeExample(): Promise<void> {
  const markdown = await readFile(README, 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (block === undefined) throw new Error('README.md has no ts block');
  const importLine = /^import \{([^}]*)\} from '@x\/client-runtime';\n/m;
  const imported = importLine.exec(block)?.[1];
  if (imported === undefined) throw new Error("the README example does not import from '@x/client-runtime'");
  const values = imported.split(',').map((name) => name.trim()).filter((name) => name !== '' && !name.startsWith('type '));
  const js = ts.transpileModule(block.replace(importLine, ''), { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  await new AsyncFunction('__module', 'process', 'console', `const { ${values.join(', ')} } = __module;\n${js}`)(runtimeModule, process, console);
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
