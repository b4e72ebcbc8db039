import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringifyJson, type ApiConfig } from '@x/generator-core';
import { fillPath } from '../src/fetch-spec.js';
import { main, type PullDeps } from '../src/main.js';

export const TOKEN = 'tok-3f9a1c77-secret';
export const API = 'mini';

type Item = { id: string; name: string };
export type RawCatalogue = {
  attributes: Item[];
  values: Record<string, Item[]>;
  children?: Record<string, { parent: string; values: Record<string, Item[]> }>;
};

export const miniConfig = {
  name: API,
  title: 'Mini API',
  baseUrl: 'https://api.example.invalid/mini',
  schemaUrl: '/docs/schema/?format=json',
  auth: { header: 'X-Auth-Token', tokenEnv: 'MINI_TOKEN' },
  packages: { client: '@x/mini-client', enums: '@x/mini-enums', testkit: '@x/mini-testkit' },
  catalogue: {
    dir: 'vehicles',
    attributesPath: '/v4/vehicles/{resource}/attributes',
    valuesPath: '/v4/vehicles/{resource}/{attribute}',
    children: [
      {
        resource: 'car',
        parentAttribute: 'brand',
        attribute: 'model',
        path: '/v4/vehicles/car/models?brand={parent}',
      },
    ],
  },
  resources: {
    car: { categoryId: 1020, registered: true, legacyCategoryIds: [1020] },
    boat: { categoryId: 1060, registered: false, legacyCategoryIds: [1061] },
  },
};

const items = (...ids: string[]): Item[] => ids.map((id) => ({ id, name: id.toUpperCase() }));

export function miniCatalogues(): Record<string, RawCatalogue> {
  return {
    car: {
      attributes: [
        { id: 'brand', name: 'Brand' },
        { id: 'powertrain.fuel', name: 'Powertrain Fuel' },
      ],
      values: { brand: items('saab', 'volvo'), 'powertrain.fuel': items('diesel', 'petrol') },
      children: { model: { parent: 'brand', values: { saab: items('9-3'), volvo: items('v70', 'xc60') } } },
    },
    boat: { attributes: [{ id: 'brand', name: 'Brand' }], values: { brand: items('yamaha') } },
  };
}

const errorResponses = { '401': { description: 'Unauthorized' } };

function resourcePaths(resource: string, schema: string) {
  return {
    [`/v4/${resource}`]: {
      post: {
        operationId: `v4_${resource}_create`,
        tags: [resource],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
        },
        responses: { '201': { description: 'Created' }, ...errorResponses },
      },
      get: {
        operationId: `v4_${resource}_list`,
        tags: [resource],
        responses: { '200': { description: 'OK' } },
      },
    },
  };
}

/** A small valid OpenAPI 3.1 document in the snapshot's layout: two resources, a create body with nested fields. */
export function miniDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Mini API', version: '1.0.0' },
    paths: {
      ...resourcePaths('car', 'CarRequest'),
      '/v4/car/{source_id}': {
        get: {
          operationId: 'v4_car_retrieve',
          tags: ['car'],
          parameters: [{ name: 'source_id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'OK' } },
        },
      },
      ...resourcePaths('boat', 'BoatRequest'),
    },
    components: {
      schemas: {
        Price: {
          type: 'object',
          properties: { type: { type: 'string', enum: ['list', 'sale'] }, amount: { type: 'integer' } },
        },
        CarRequest: {
          type: 'object',
          required: ['source_id'],
          properties: {
            source_id: { type: 'string' },
            price: { type: 'array', items: { $ref: '#/components/schemas/Price' } },
            category_fields: {
              type: 'object',
              properties: {
                brand: { type: 'string', enum: ['saab', 'volvo'] },
                powertrain: {
                  type: 'object',
                  properties: { fuel: { type: 'string', enum: ['diesel', 'petrol'] } },
                },
              },
            },
          },
        },
        BoatRequest: {
          type: 'object',
          properties: {
            source_id: { type: 'string' },
            title: { type: 'string' },
            category_fields: { type: 'object', properties: { brand: { type: 'string', enum: ['yamaha'] } } },
          },
        },
      },
    },
  };
}

/** What a server route does: a body, or a function for failures and counting. */
export type Route = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

export type FakeApi = {
  url: string;
  /** Every request path (with query) in arrival order. */
  requests: string[];
  /** Tokens the server saw, to check the header was sent. */
  tokens: Set<string>;
  /** Overrides one path (with query); the handler gets the number of the hit, from 1. */
  route(path: string, handler: Route): void;
  close(): Promise<void>;
};

/**
 * A real HTTP server on 127.0.0.1 serving a schema document and catalogues at the paths api.config.json names.
 * It checks the token, like the live API.
 */
export async function startApi(
  config: typeof miniConfig | ApiConfig,
  documentText: string,
  catalogues: Record<string, RawCatalogue>,
  schemaPath = '/docs/schema/?format=json',
): Promise<FakeApi> {
  const bodies = new Map<string, string>();
  bodies.set(schemaPath, documentText);
  for (const [resource, catalogue] of Object.entries(catalogues)) {
    bodies.set(fillPath(config.catalogue!.attributesPath, { resource }), JSON.stringify(catalogue.attributes));
    for (const [attribute, values] of Object.entries(catalogue.values)) {
      bodies.set(fillPath(config.catalogue!.valuesPath, { resource, attribute }), JSON.stringify(values));
    }
    for (const child of config.catalogue!.children.filter((c) => c.resource === resource)) {
      for (const [parent, values] of Object.entries(catalogue.children?.[child.attribute]?.values ?? {})) {
        bodies.set(fillPath(child.path, { parent }), JSON.stringify(values));
      }
    }
  }
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  const requests: string[] = [];
  const tokens = new Set<string>();
  const server = createServer((req, res) => {
    const full = (req.url ?? '/').replace(/^\/base/, '');
    requests.push(full);
    const hit = (hits.get(full) ?? 0) + 1;
    hits.set(full, hit);
    const token = req.headers['x-auth-token'];
    if (typeof token === 'string') tokens.add(token);
    const route = routes.get(full);
    if (route !== undefined) return route(req, res, hit);
    if (token !== TOKEN) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ detail: `Invalid token ${String(token)}` }));
      return;
    }
    const body = bodies.get(full);
    if (body === undefined) return void res.writeHead(404).end('{"detail":"Not found."}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/base`,
    requests,
    tokens,
    route: (path, handler) => void routes.set(path, handler),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Repo = { root: string; apiDir: string; cleanup(): Promise<void> };

/** A temp repository with `spec/<api>/` holding a config, a document and catalogues (the "old" snapshot). */
export async function makeRepo(
  options: { config?: object; document?: object | string; catalogues?: Record<string, object> } = {},
): Promise<Repo> {
  const root = await mkdtemp(join(tmpdir(), 'spec-pull-'));
  const apiDir = join(root, 'spec', API);
  await mkdir(join(apiDir, 'vehicles'), { recursive: true });
  await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
  await writeFile(join(apiDir, 'api.config.json'), stringifyJson(options.config ?? miniConfig));
  const document = options.document ?? miniDocument();
  await writeFile(
    join(apiDir, 'openapi.json'),
    typeof document === 'string' ? document : stringifyJson(document),
  );
  for (const [resource, catalogue] of Object.entries(options.catalogues ?? miniCatalogues())) {
    await writeFile(
      join(apiDir, 'vehicles', `${resource}.json`),
      stringifyJson({ ...catalogue, 'x-reconstructed': { source: 'test', date: '2020-01-01' } }),
    );
  }
  return { root, apiDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Every file under a folder with its contents, to compare snapshots before and after. */
export async function readTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length + 1)] = await readFile(path, 'utf8');
  }
  return out;
}

/** The object at a path inside a JSON value, for tests that edit a document in place. */
export function node(value: unknown, ...path: string[]): Record<string, unknown> {
  let current: unknown = value;
  for (const key of path) current = (current as Record<string, unknown>)[key];
  if (typeof current !== 'object' || current === null) throw new Error(`no object at ${path.join('/')}`);
  return current as Record<string, unknown>;
}

export type RunResult = { code: number; stdout: string; stderr: string; sleeps: number[] };

/** Runs the pull in-process with instant backoff, capturing output and the delays it asked for. */
export async function runPull(
  repo: Repo,
  argv: string[],
  overrides: Partial<PullDeps> & { token?: string | null; api?: string; tokenEnv?: string } = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const sleeps: number[] = [];
  const { token, api = API, tokenEnv = 'MINI_TOKEN', ...deps } = overrides;
  const env: Record<string, string | undefined> = token === null ? {} : { [tokenEnv]: token ?? TOKEN };
  const code = await main(['--api', api, ...argv], {
    cwd: join(repo.root, 'spec'),
    env,
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    now: () => new Date('2025-02-03T10:00:00Z'),
    retry: { baseDelayMs: 1, maxDelayMs: 5_000 },
    sleep: async (ms) => void sleeps.push(ms),
    timeoutMs: 5_000,
    ...deps,
  });
  return { code, stdout, stderr, sleeps };
}
