import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TOKEN, makeRepo, miniCatalogues, miniConfig, miniDocument, startApi } from './helpers.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/pull.mjs');

describe('bin/pull.mjs', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('finds the repository root from a nested folder, passes flags through and never prints the token', async () => {
    const repo = await makeRepo();
    const document = miniDocument();
    (document.info as Record<string, unknown>).version = '2.0.0';
    const api = await startApi(miniConfig, JSON.stringify(document), miniCatalogues());
    cleanups.push(repo.cleanup, api.close);
    const { stdout, stderr } = await run(
      'node',
      [BIN, '--', '--api', 'mini', '--base-url', api.url, '--dry-run'],
      {
        cwd: join(repo.apiDir, 'vehicles'),
        env: { ...process.env, MINI_TOKEN: TOKEN },
      },
    );
    expect(stderr).toBe('');
    expect(stdout).toContain('document: descriptions, examples or other details changed');
    expect(stdout).toContain('dry run, nothing written');
    expect(stdout + stderr).not.toContain(TOKEN);
  });

  it('exits non-zero with one line when the token is rejected', async () => {
    const repo = await makeRepo();
    const api = await startApi(miniConfig, JSON.stringify(miniDocument()), miniCatalogues());
    cleanups.push(repo.cleanup, api.close);
    const failure = await run('node', [BIN, '--api', 'mini', '--base-url', api.url], {
      cwd: repo.root,
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
