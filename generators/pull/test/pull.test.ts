import { readFile, readdir, rename } from 'node:fs/promises';
import * as nodeFs from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringifyJson } from '@x/generator-core';
import {
  TOKEN,
  makeRepo,
  miniCatalogues,
  miniConfig,
  miniDocument,
  node,
  readTree,
  runPull,
  startApi,
  type FakeApi,
  type Repo,
  type RunResult,
} from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(
  options: { document?: object | string; catalogues?: ReturnType<typeof miniCatalogues> } = {},
): Promise<{ repo: Repo; api: FakeApi; before: Record<string, string> }> {
  const repo = await makeRepo();
  const document = options.document ?? miniDocument();
  const api = await startApi(
    miniConfig,
    typeof document === 'string' ? document : JSON.stringify(document),
    options.catalogues ?? miniCatalogues(),
  );
  cleanups.push(repo.cleanup, api.close);
  return { repo, api, before: await readTree(repo.root) };
}

function allOutput(result: RunResult): string {
  return result.stdout + result.stderr;
}

/** One line on stderr, the token nowhere, a non-zero exit: how every failure must look. */
function expectCleanFailure(result: RunResult, message: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(allOutput(result)).not.toContain(TOKEN);
}

/** A drift on every axis: an endpoint removed and one added, fields, schema enums, catalogue values. */
function driftedSpec() {
  const document = miniDocument();
  const paths = node(document, 'paths');
  delete paths['/v4/car/{source_id}'];
  paths['/v4/boat/{source_id}'] = {
    delete: {
      operationId: 'v4_boat_destroy',
      tags: ['boat'],
      parameters: [{ name: 'source_id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '204': { description: 'Deleted' } },
    },
  };
  const car = node(document, 'components', 'schemas', 'CarRequest', 'properties');
  node(car, 'category_fields', 'properties', 'powertrain', 'properties').gearbox = { type: 'string' };
  node(document, 'components', 'schemas', 'Price', 'properties').type = {
    type: 'string',
    enum: ['list', 'lease'],
  };
  delete node(document, 'components', 'schemas', 'BoatRequest', 'properties').title;
  const catalogues = miniCatalogues();
  const carCatalogue = catalogues.car!;
  carCatalogue.values['powertrain.fuel'] = [
    { id: 'diesel', name: 'DIESEL' },
    { id: 'hydrogen', name: 'HYDROGEN' },
  ];
  carCatalogue.children!.model!.values.volvo!.push({ id: 'xc90', name: 'XC90' });
  return { document, catalogues };
}

describe('spec:pull against a local server', () => {
  it('replaces the snapshot, prints the drift and writes a changeset with the right bumps', async () => {
    const { repo, api } = await setup(driftedSpec());
    const configBefore = await readFile(join(repo.apiDir, 'api.config.json'), 'utf8');
    const result = await runPull(repo, ['--base-url', api.url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(api.tokens).toEqual(new Set([TOKEN]));
    expect(result.stdout).toContain(
      [
        '  endpoints:',
        '    - GET /v4/car/{source_id}',
        '    + DELETE /v4/boat/{source_id}',
        '  boat:',
        '    - field title',
        '  car:',
        '    + field category_fields.powertrain.gearbox',
        '    - price[].type: sale',
        '    + price[].type: lease',
        '    - powertrain.fuel: petrol',
        '    + powertrain.fuel: hydrogen',
        '    + model for volvo: xc90',
        '',
      ].join('\n'),
    );
    // The document as fetched, 2-space JSON; catalogues sorted, x-pulled, no x-reconstructed.
    expect(await readFile(join(repo.apiDir, 'openapi.json'), 'utf8')).toBe(
      stringifyJson(driftedSpec().document),
    );
    const car = JSON.parse(await readFile(join(repo.apiDir, 'vehicles', 'car.json'), 'utf8'));
    expect(car['x-pulled']).toEqual({ date: '2025-02-03' });
    expect(car['x-reconstructed']).toBeUndefined();
    expect(car.children.model.values.volvo.map((v: { id: string }) => v.id)).toEqual(['v70', 'xc60', 'xc90']);
    expect(await readFile(join(repo.apiDir, 'api.config.json'), 'utf8')).toBe(configBefore);
    expect(await readdir(join(repo.root, 'spec'))).toEqual(['mini']);

    const changesets = await readdir(join(repo.root, '.changeset'));
    expect(changesets).toHaveLength(1);
    expect(changesets[0]).toMatch(/^spec-pull-[0-9a-f]{8}\.md$/);
    const changeset = await readFile(join(repo.root, '.changeset', changesets[0]!), 'utf8');
    expect(changeset).toBe(
      [
        '---',
        '"@x/mini-client": major',
        '"@x/mini-enums": major',
        '"@x/mini-testkit": major',
        '---',
        '',
        `Mini API: spec pulled on 2025-02-03 (${changesets[0]!.slice('spec-pull-'.length, -3)}).`,
        '',
        '- Endpoint `GET /v4/car/{source_id}` was removed.',
        '- New endpoint `DELETE /v4/boat/{source_id}`.',
        '- boat: request field `title` was removed.',
        '- car: new request field `category_fields.powertrain.gearbox`.',
        '- car: `price[].type` no longer accepts `sale`.',
        '- car: `price[].type` accepts new values `lease`.',
        '- car: `powertrain.fuel` no longer accepts `petrol`.',
        '- car: `powertrain.fuel` accepts new values `hydrogen`.',
        '- car: `model` for `volvo` accepts new values `xc90`.',
        '',
      ].join('\n'),
    );

    // Pulling again finds nothing new and writes no second changeset.
    const again = await runPull(repo, ['--base-url', api.url]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('no drift');
    expect(await readdir(join(repo.root, '.changeset'))).toEqual(changesets);
  });

  it('names only enums and testkit with a minor bump when catalogues only gained values', async () => {
    const catalogues = miniCatalogues();
    catalogues.boat!.values.brand!.push({ id: 'zodiac', name: 'Zodiac' });
    const { repo, api } = await setup({ catalogues });
    const result = await runPull(repo, ['--base-url', api.url]);
    expect(result.code).toBe(0);
    const [file] = await readdir(join(repo.root, '.changeset'));
    const changeset = await readFile(join(repo.root, '.changeset', file!), 'utf8');
    expect(changeset.split('---')[1]).toBe(
      '\n"@x/mini-client": minor\n"@x/mini-enums": minor\n"@x/mini-testkit": minor\n',
    );
    expect(changeset).toContain('- boat: `brand` accepts new values `zodiac`.');
  });

  it('makes only a testkit patch when nothing but a description changed', async () => {
    const document = miniDocument();
    node(document, 'info').description = 'Now with words.';
    const { repo, api } = await setup({ document });
    const result = await runPull(repo, ['--base-url', api.url]);
    expect(result.code).toBe(0);
    const [file] = await readdir(join(repo.root, '.changeset'));
    const changeset = await readFile(join(repo.root, '.changeset', file!), 'utf8');
    expect(changeset.split('---')[1]).toBe('\n"@x/mini-testkit": patch\n');
  });

  it('reports no drift and writes nothing when the live API matches the snapshot', async () => {
    const { repo, api, before } = await setup();
    const result = await runPull(repo, ['--base-url', api.url]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no drift: the live API matches the snapshot');
    expect(await readTree(repo.root)).toEqual(before);
  });

  it('--dry-run reports the drift and writes nothing', async () => {
    const { repo, api, before } = await setup(driftedSpec());
    const result = await runPull(repo, ['--base-url', api.url, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('+ DELETE /v4/boat/{source_id}');
    expect(result.stdout).toContain('dry run, nothing written');
    expect(await readTree(repo.root)).toEqual(before);
  });

  it('accepts a YAML schema document from --schema-url', async () => {
    const { document } = driftedSpec();
    const { stringify } = await import('yaml');
    const repo = await makeRepo();
    const api = await startApi(miniConfig, stringify(document), miniCatalogues(), '/schema.yaml');
    cleanups.push(repo.cleanup, api.close);
    const result = await runPull(repo, ['--base-url', api.url, '--schema-url', '/schema.yaml']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(await readFile(join(repo.apiDir, 'openapi.json'), 'utf8'))).toEqual(document);
  });

  it('retries a flaky endpoint that fails twice, then succeeds', async () => {
    const { repo, api } = await setup(driftedSpec());
    let served = 0;
    api.route('/v4/vehicles/car/brand', (_req, res, hit) => {
      if (hit <= 2) return void res.writeHead(503).end();
      served += 1;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(miniCatalogues().car!.values.brand));
    });
    const result = await runPull(repo, ['--base-url', api.url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(served).toBe(1);
    expect(api.requests.filter((r) => r === '/v4/vehicles/car/brand')).toHaveLength(3);
    expect(result.stdout).toContain('spec:pull: retrying GET');
    expect(result.sleeps).toHaveLength(2);
  });

  it('waits as long as Retry-After says on 429', async () => {
    const { repo, api } = await setup(driftedSpec());
    api.route('/v4/vehicles/boat/attributes', (_req, res, hit) => {
      if (hit === 1) return void res.writeHead(429, { 'retry-after': '3' }).end();
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(miniCatalogues().boat!.attributes));
    });
    const result = await runPull(repo, ['--base-url', api.url]);
    expect(result.code).toBe(0);
    expect(result.sleeps).toEqual([3000]);
  });

  it('writes nothing when one values endpoint keeps failing beyond the retries', async () => {
    const { repo, api, before } = await setup(driftedSpec());
    api.route('/v4/vehicles/car/powertrain.fuel', (_req, res) => void res.writeHead(500).end('boom'));
    const result = await runPull(repo, ['--base-url', api.url]);
    expectCleanFailure(
      result,
      /^spec:pull: GET http:\/\/127\.0\.0\.1:\d+\/base\/v4\/vehicles\/car\/powertrain\.fuel failed with HTTP 500 after 4 attempts/,
    );
    expect(api.requests.filter((r) => r === '/v4/vehicles/car/powertrain.fuel')).toHaveLength(4);
    expect(await readTree(repo.root)).toEqual(before);
  });

  it('fails in one line without the token when the token is rejected', async () => {
    const { repo, api, before } = await setup(driftedSpec());
    const result = await runPull(repo, ['--base-url', api.url], { token: 'wrong-token-value' });
    expectCleanFailure(
      result,
      /^spec:pull: the API rejected the token in MINI_TOKEN \(HTTP 401 on GET http:\/\/127\.0\.0\.1:\d+\/base\/docs\/schema\/\?format=json\)/,
    );
    expect(allOutput(result)).not.toContain('wrong-token-value');
    expect(await readTree(repo.root)).toEqual(before);
  });

  it('fails in one line without the token on 403 in the middle of the catalogues', async () => {
    const { repo, api, before } = await setup(driftedSpec());
    api.route(
      '/v4/vehicles/car/models?brand=volvo',
      (_req, res) => void res.writeHead(403).end(`{"detail": "token ${TOKEN} lacks access"}`),
    );
    const result = await runPull(repo, ['--base-url', api.url]);
    expectCleanFailure(result, /HTTP 403 on GET .*\/v4\/vehicles\/car\/models\?brand=volvo/);
    expect(await readTree(repo.root)).toEqual(before);
  });

  it('fails in one line when the token variable is not set', async () => {
    const { repo, api, before } = await setup(driftedSpec());
    const result = await runPull(repo, ['--base-url', api.url], { token: null });
    expectCleanFailure(
      result,
      /^spec:pull: MINI_TOKEN is not set; export it with your API token \(it is sent in the X-Auth-Token header\)\n$/,
    );
    expect(api.requests).toEqual([]);
    expect(await readTree(repo.root)).toEqual(before);
  });

  it('fails in one line when the host is unreachable', async () => {
    const { repo, before } = await setup();
    const port = await closedPort();
    const result = await runPull(repo, ['--base-url', `http://127.0.0.1:${port}`]);
    // Connection refused never turns into success by waiting: no retries, no backoff.
    expectCleanFailure(
      result,
      new RegExp(
        `^spec:pull: cannot reach 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\) for GET \\S+: nothing accepts connections at that address: check the host and port in --base-url\n$`,
      ),
    );
    expect(result.sleeps).toEqual([]);
    expect(await readTree(repo.root)).toEqual(before);
  });

  it('refuses a token with a control character before sending it, and never shows any part of it', async () => {
    const { repo, api, before } = await setup(driftedSpec());
    for (const token of ['tok-3f9a1c77\nsecret-tail-9d2e', 'tok-3f9a1c77-secret-tail\r', '\ttok-3f9a1c77-secret-tail']) {
      const result = await runPull(repo, ['--base-url', api.url], { token });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^spec:pull: MINI_TOKEN contains a control character \(a line break, tab or the like\) at character \d+ of \d+; export the token alone, without it/,
      );
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      for (const piece of ['tok-3f9a1c77', 'secret-tail']) expect(allOutput(result)).not.toContain(piece);
    }
    expect(api.requests).toEqual([]);
    expect(await readTree(repo.root)).toEqual(before);
  });

  it('redacts the token even where the user put it into a URL', async () => {
    const { repo } = await setup();
    const port = await closedPort();
    const result = await runPull(repo, ['--base-url', `http://127.0.0.1:${port}/${TOKEN}`]);
    expectCleanFailure(result, /for GET http:\/\/127\.0\.0\.1:\d+\/\[redacted\]\/docs\/schema/);
  });

  it('fails in one line when the document is not JSON', async () => {
    const { repo, api, before } = await setup({ document: '{"openapi": "3.1.0", ' });
    const result = await runPull(repo, ['--base-url', api.url]);
    expectCleanFailure(
      result,
      /^spec:pull: the schema document at .*\/docs\/schema\/\?format=json is not valid JSON \(/,
    );
    expect(await readTree(repo.root)).toEqual(before);
  });

  it('fails with the first pointer when the document is JSON but not valid OpenAPI', async () => {
    const document = miniDocument();
    node(document, 'paths', '/v4/car').post = {
      operationId: 'v4_car_create',
      tags: ['car'],
      responses: 'none',
    };
    const { repo, api, before } = await setup({ document });
    const result = await runPull(repo, ['--base-url', api.url]);
    expectCleanFailure(
      result,
      /^spec:pull: the schema document at .* is not a valid OpenAPI document: #\/paths\/~1v4~1car\/post\/responses: /,
    );
    expect(await readTree(repo.root)).toEqual(before);
  });

  it('fails in one line when the valid document is one the generators cannot use', async () => {
    const document = miniDocument();
    // Untag every car operation: the resource "car" of api.config.json then has no operations.
    for (const item of Object.values(node(document, 'paths'))) {
      for (const op of Object.values(item as Record<string, Record<string, unknown>>)) {
        if (Array.isArray(op.tags) && op.tags[0] === 'car') op.tags = ['misc'];
      }
    }
    const { repo, api, before } = await setup({ document });
    const result = await runPull(repo, ['--base-url', api.url]);
    expectCleanFailure(result, /^spec:pull: the pulled document cannot be generated from: #\/tags: resource "car" /);
    expect(await readTree(repo.root)).toEqual(before);
  });

  it('keeps the old snapshot whole when a rename fails while swapping', async () => {
    const { repo, api, before } = await setup(driftedSpec());
    let renames = 0;
    const fs = {
      ...nodeFs,
      rename: async (from: string, to: string) => {
        renames += 1;
        // 1 and 2 move the old entries aside; 3 moves the new openapi.json in; 4 (the catalogues) fails.
        if (renames === 4) throw Object.assign(new Error('EIO: simulated disk failure'), { code: 'EIO' });
        return rename(from, to);
      },
    };
    const result = await runPull(repo, ['--base-url', api.url], { fs });
    expectCleanFailure(
      result,
      /^spec:pull: could not replace the snapshot in .* \(EIO: simulated disk failure\); the old snapshot is unchanged$/m,
    );
    expect(renames).toBeGreaterThanOrEqual(4);
    expect(await readTree(repo.root)).toEqual(before);
    expect(await readdir(join(repo.root, 'spec'))).toEqual(['mini']);
  });
});

describe('spec:pull killed during the swap', () => {
  /** The fs the swap uses, where operation number `killAt` never returns: the process died right there. */
  function dyingFs(killAt: number): { fs: typeof nodeFs; killed: Promise<void>; operations: () => number } {
    let operations = 0;
    let died: () => void = () => undefined;
    const killed = new Promise<void>((resolve) => (died = resolve));
    const wrap =
      <A extends unknown[], R>(real: (...args: A) => Promise<R>) =>
      (...args: A): Promise<R> => {
        operations += 1;
        if (operations === killAt) {
          died();
          return new Promise<R>(() => undefined);
        }
        return real(...args);
      };
    const fs = {
      ...nodeFs,
      rename: wrap(nodeFs.rename),
      rm: wrap(nodeFs.rm),
      mkdir: wrap(nodeFs.mkdir),
      writeFile: wrap(nodeFs.writeFile),
      readdir: wrap(nodeFs.readdir),
      readFile: wrap(nodeFs.readFile),
    } as typeof nodeFs;
    return { fs, killed, operations: () => operations };
  }

  it('leaves the old snapshot or the new one with its changeset, whichever step it dies at; the next run finishes', async () => {
    const spec = driftedSpec();
    const reference = await setup(spec);
    expect((await runPull(reference.repo, ['--base-url', reference.api.url])).code).toBe(0);
    const done = await readTree(reference.repo.root);
    const changesets = Object.keys(done).filter((path) => path.startsWith('.changeset/'));
    expect(changesets).toHaveLength(1);
    let steps = 0;
    for (let killAt = 1; ; killAt += 1) {
      const { repo, api, before } = await setup(spec);
      const dying = dyingFs(killAt);
      const first = runPull(repo, ['--base-url', api.url], { fs: dying.fs });
      const outcome = await Promise.race([first.then(() => 'finished' as const), dying.killed.then(() => 'killed' as const)]);
      if (outcome === 'finished') break;
      steps += 1;
      // Whatever the moment, the tree holds the old snapshot or the new one, and a changeset only with the new one.
      const after = await readTree(repo.root);
      const specOnly = (tree: Record<string, string>) =>
        Object.fromEntries(Object.entries(tree).filter(([path]) => path.startsWith('spec/mini/')));
      const hasChangeset = Object.keys(after).some((path) => path.startsWith('.changeset/'));
      if (hasChangeset) expect(specOnly(after), `killed at step ${killAt}`).toEqual(specOnly(done));
      // The next run, with nothing in its way, ends with the new snapshot and its changeset, and no leftovers.
      const second = await runPull(repo, ['--base-url', api.url]);
      expect(second.code, `killed at step ${killAt}: ${second.stderr}`).toBe(0);
      expect(await readTree(repo.root), `killed at step ${killAt}`).toEqual(done);
      expect(await readdir(join(repo.root, 'spec'))).toEqual(['mini']);
      expect(before).not.toEqual(done);
    }
    expect(steps).toBeGreaterThan(10);
  }, 120_000);
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
