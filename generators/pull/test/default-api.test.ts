import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringifyJson } from '@x/generator-core';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { TOKEN, makeRepo, miniCatalogues, miniConfig, miniDocument, readTree, startApi, type FakeApi, type Repo } from './helpers.js';

let repo: Repo | undefined;
const servers: FakeApi[] = [];
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
  for (const server of servers.splice(0)) await server.close();
});

async function pull(
  root: string,
  argv: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd: root,
    env,
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    retry: { attempts: 1 },
    sleep: async () => undefined,
  });
  return { code, stdout, stderr };
}

/** A second API folder like Kleinanzeigen's: OAuth, no schema document to pull. */
async function addApiWithoutLiveSource(root: string, name = 'gateway'): Promise<void> {
  await mkdir(join(root, 'spec', name), { recursive: true });
  await writeFile(
    join(root, 'spec', name, 'api.config.json'),
    stringifyJson({
      name,
      title: 'Gateway',
      baseUrl: 'https://gateway.example.invalid/api',
      auth: { type: 'oauth2-client-credentials', header: 'Authorization', scheme: 'Bearer', tokenUrl: 'https://gateway.example.invalid/token', clientIdEnv: 'GW_ID', clientSecretEnv: 'GW_SECRET' },
      packages: { client: '@x/gateway-client', testkit: '@x/gateway-testkit' },
    }),
  );
}

/** A copy of the mini API under another folder name, with its own token and base-URL variables. */
async function addSecondLiveApi(root: string, name: string): Promise<void> {
  await cp(join(root, 'spec', 'mini'), join(root, 'spec', name), { recursive: true });
  const config = { ...miniConfig, name, auth: { header: 'X-Auth-Token', tokenEnv: 'OTHER_TOKEN' }, baseUrlEnv: 'OTHER_BASE_URL' };
  await writeFile(join(root, 'spec', name, 'api.config.json'), stringifyJson(config));
}

async function serve(): Promise<FakeApi> {
  const api = await startApi(miniConfig, JSON.stringify(miniDocument()), miniCatalogues());
  servers.push(api);
  return api;
}

describe('without --api', () => {
  it('pulls the only API folder under spec/ (its config names the token it needs)', async () => {
    repo = await makeRepo();
    const { code, stderr } = await pull(repo.root);
    expect(code).not.toBe(0);
    expect(stderr).toContain('MINI_TOKEN is not set');
  });

  it('pulls every API with a live source, says which, and skips one without a schema document', async () => {
    repo = await makeRepo({ config: { ...miniConfig, baseUrlEnv: 'MINI_BASE_URL' } });
    await addApiWithoutLiveSource(repo.root);
    const api = await serve();
    const before = await readTree(repo.root);
    const { code, stdout, stderr } = await pull(repo.root, [], { MINI_TOKEN: TOKEN, MINI_BASE_URL: api.url });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 2)).toEqual([
      'spec:pull: pulling mini (the API under spec/ with a live source; --api <name> pulls one)',
      'spec:pull: not pulling gateway: spec/gateway names no schemaUrl in api.config.json: the API publishes no schema document to pull (pass --schema-url if you have one)',
    ]);
    expect(stdout).toContain(`spec:pull: drift of spec/mini against ${api.url}:`);
    expect(stdout).toContain('no drift: the live API matches the snapshot');
    expect(await readTree(repo.root)).toEqual(before);
  });

  it('pulls two live APIs one after the other; one failing still pulls the other and exits 1', async () => {
    repo = await makeRepo({ config: { ...miniConfig, baseUrlEnv: 'MINI_BASE_URL' } });
    await addSecondLiveApi(repo.root, 'other');
    const api = await serve();
    const { code, stdout, stderr } = await pull(repo.root, [], { MINI_TOKEN: TOKEN, MINI_BASE_URL: api.url, OTHER_BASE_URL: api.url });
    expect(stdout).toContain('spec:pull: pulling mini, other (every API under spec/ with a live source; --api <name> pulls one)');
    expect(stdout).toContain(`spec:pull: drift of spec/mini against ${api.url}:`);
    expect(stderr).toBe('spec:pull: other: OTHER_TOKEN is not set; export it with your API token (it is sent in the X-Auth-Token header)\n');
    expect(code).toBe(1);
  });

  it('refuses --base-url when several APIs have a live source', async () => {
    repo = await makeRepo();
    await addSecondLiveApi(repo.root, 'other');
    const { code, stderr } = await pull(repo.root, ['--base-url', 'http://127.0.0.1:9']);
    expect(code).toBe(2);
    expect(stderr).toBe("spec:pull: --base-url and --schema-url name one API's server, and mini, other have live sources: pass --api <name>\n");
  });

  it('says why when no API has a live source', async () => {
    repo = await makeRepo();
    const config = JSON.parse(await readFile(join(repo.apiDir, 'api.config.json'), 'utf8')) as Record<string, unknown>;
    delete config.schemaUrl;
    await writeFile(join(repo.apiDir, 'api.config.json'), stringifyJson(config));
    await addApiWithoutLiveSource(repo.root);
    const { code, stderr } = await pull(repo.root);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^spec:pull: no API under spec\/ has a live source to pull \(gateway: spec\/gateway names no schemaUrl.*; mini: spec\/mini names no schemaUrl/);
  });
});

describe('--api', () => {
  it('narrows the pull to one API, and says why an API without a live source cannot be pulled', async () => {
    repo = await makeRepo();
    await addApiWithoutLiveSource(repo.root);
    const { code, stderr } = await pull(repo.root, ['--api', 'gateway']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'spec:pull: spec/gateway names no schemaUrl in api.config.json: the API publishes no schema document to pull (pass --schema-url if you have one)\n',
    );
  });
});

describe('base URL', () => {
  it("comes from the config's baseUrlEnv variable when set, and --base-url wins over it", async () => {
    repo = await makeRepo({ config: { ...miniConfig, baseUrlEnv: 'MINI_BASE_URL' } });
    const api = await serve();
    const fromEnv = await pull(repo.root, ['--api', 'mini', '--dry-run'], { MINI_TOKEN: TOKEN, MINI_BASE_URL: `${api.url}/` });
    expect(fromEnv.stdout).toContain(`drift of spec/mini against ${api.url}:`);
    expect(fromEnv.code).toBe(0);
    const flag = await pull(repo.root, ['--api', 'mini', '--dry-run', '--base-url', api.url], { MINI_TOKEN: TOKEN, MINI_BASE_URL: 'http://127.0.0.1:9/nothing' });
    expect(flag.stdout).toContain(`drift of spec/mini against ${api.url}:`);
    expect(flag.code).toBe(0);
  });
});
