import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadApiConfig, loadSpec } from '@x/generator-core';
import { snapshotSha256 } from '../src/snapshot-read.js';
import { readTree, runPull, startApi, type RawCatalogue } from './helpers.js';

const REAL = resolve(import.meta.dirname, '../../../spec/pro-import');
const hasSnapshot = existsSync(join(REAL, 'openapi.json'));

// Runs only once the reconstructed snapshot exists; the fixture tests in pull.test.ts cover the behaviour without it.
describe.skipIf(!hasSnapshot)('spec:pull against a server serving the real pro-import snapshot', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('finds no drift and leaves the copy untouched', async () => {
    const root = await mkdtemp(join(tmpdir(), 'spec-pull-real-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
    const apiDir = join(root, 'spec', 'pro-import');
    await cp(REAL, apiDir, {
      recursive: true,
      filter: (src) => !src.includes(`${join(REAL, 'reconstruct')}`),
    });
    const config = await loadApiConfig(apiDir);
    const catalogues: Record<string, RawCatalogue> = {};
    for (const name of await readdir(join(apiDir, config.catalogue!.dir))) {
      catalogues[name.replace(/\.json$/, '')] = JSON.parse(
        await readFile(join(apiDir, config.catalogue!.dir, name), 'utf8'),
      ) as RawCatalogue;
    }
    const schemaPath = config.schemaUrl;
    const api = await startApi(
      config,
      await readFile(join(apiDir, 'openapi.json'), 'utf8'),
      catalogues,
      schemaPath,
    );
    cleanups.push(api.close);
    const before = await readTree(root);
    const result = await runPull({ root, apiDir, cleanup: async () => undefined }, ['--base-url', api.url], {
      api: 'pro-import',
      tokenEnv: config.auth.type === 'api-key' ? config.auth.tokenEnv : '',
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no drift: the live API matches the snapshot');
    expect(await readTree(root)).toEqual(before);
    const attributeRequests = api.requests.filter((r) => r.endsWith('/attributes'));
    expect(attributeRequests).toHaveLength(Object.keys(config.resources).length);
  });

  it('computes the same spec sha256 as loadSpec', async () => {
    const files: Record<string, string> = {
      'openapi.json': await readFile(join(REAL, 'openapi.json'), 'utf8'),
    };
    const config = await loadApiConfig(REAL);
    for (const name of await readdir(join(REAL, config.catalogue!.dir))) {
      files[`${config.catalogue!.dir}/${name}`] = await readFile(
        join(REAL, config.catalogue!.dir, name),
        'utf8',
      );
    }
    const configText = await readFile(join(REAL, 'api.config.json'), 'utf8');
    expect(snapshotSha256(configText, files, config.catalogue!.dir)).toBe((await loadSpec(REAL)).sha256);
  });
});
