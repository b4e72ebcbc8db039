import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRepo, miniCatalogues, miniConfig, miniDocument, startApi } from './helpers.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/pull.mjs');

describe('bin/pull.mjs', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('runs from a nested folder with flags after --, and exits non-zero in one line without the token when it is rejected', async () => {
    const repo = await makeRepo();
    const api = await startApi(miniConfig, JSON.stringify(miniDocument()), miniCatalogues());
    cleanups.push(repo.cleanup, api.close);
    const failure = await run('node', [BIN, '--', '--api', 'mini', '--base-url', api.url], {
      cwd: join(repo.apiDir, 'vehicles'),
      env: { ...process.env, MINI_TOKEN: 'rejected-secret-42' },
    }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim().split('\n')).toHaveLength(1);
    expect(failure?.stderr).toMatch(/^spec:pull: the API rejected the token in MINI_TOKEN \(HTTP 401/);
    expect(`${failure?.stdout}${failure?.stderr}`).not.toContain('rejected-secret-42');
  });
});
