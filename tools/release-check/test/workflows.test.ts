import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeServer } from '@x/pro-import-testkit/server';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../src/exec.js';

const ROOT = resolve(import.meta.dirname, '../../..');

type Step = { name?: string; run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Workflow = { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, { steps: Step[] }> };

async function workflow(name: string): Promise<Workflow> {
  return parse(await readFile(join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
}

/** A digest of every file under spec/ (its node_modules aside): the pull must leave the snapshot as it was. */
async function specDigest(): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(join(ROOT, 'spec'), { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && !e.parentPath.includes('node_modules')).map((e) => join(e.parentPath, e.name)).sort();
  for (const file of files) hash.update(file).update(await readFile(file));
  return hash.digest('hex');
}

describe('spec:pull as the README and the scheduled workflow run it, against the Pro Import fake', () => {
  let running: Awaited<ReturnType<typeof startFakeServer>>;
  let env: NodeJS.ProcessEnv;
  let before: string;
  beforeAll(async () => {
    running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
    const token = running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
    env = { ...process.env, PRO_IMPORT_TOKEN: token, PRO_IMPORT_BASE_URL: running.baseUrl, FORCE_COLOR: '0' };
    before = await specDigest();
  });
  afterAll(async () => {
    await running.close();
  });

  it('the root `pnpm spec:pull` pulls every API with a live source (Pro Import), says it skips Kleinanzeigen, finds no drift', async () => {
    const result = await exec('pnpm', ['--silent', 'spec:pull'], { cwd: ROOT, env, timeoutMs: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('spec:pull: pulling pro-import (the API under spec/ with a live source; --api <name> pulls one)');
    expect(result.stdout).toContain('spec:pull: not pulling kleinanzeigen: spec/kleinanzeigen names no schemaUrl in api.config.json');
    expect(result.stdout).toContain(`spec:pull: drift of spec/pro-import against ${running.baseUrl}:`);
    expect(result.stdout).toContain('no drift: the live API matches the snapshot');
    expect(await specDigest()).toBe(before);
  });

  it("the scheduled workflow's own `Pull the live spec` step runs as written and leaves the pull request body", async () => {
    const steps = (await workflow('spec-pull.yml')).jobs.pull?.steps ?? [];
    const step = steps.find((s) => s.name === 'Pull the live spec');
    expect(step?.run).toContain('pnpm --silent spec:pull');
    expect(step?.env).toEqual({ PRO_IMPORT_TOKEN: '${{ secrets.PRO_IMPORT_TOKEN }}' });
    const runnerTemp = await mkdtemp(join(tmpdir(), 'runner-temp-'));
    try {
      const result = await exec('bash', ['-e', '-c', step?.run ?? 'false'], { cwd: ROOT, env: { ...env, RUNNER_TEMP: runnerTemp }, timeoutMs: 120_000 });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const drift = await readFile(join(runnerTemp, 'drift.md'), 'utf8');
      expect(drift.split('\n').slice(0, 2)).toEqual([`spec:pull: drift of spec/pro-import against ${running.baseUrl}:`, '  no drift: the live API matches the snapshot']);
    } finally {
      await rm(runnerTemp, { recursive: true, force: true });
    }
    expect(await specDigest()).toBe(before);
  });
});

describe('the release workflow', () => {
  it('versions through a changesets pull request, then publishes with npm provenance through scripts that exist', async () => {
    const release = await workflow('release.yml');
    const steps = release.jobs.release?.steps ?? [];
    const changesets = steps.find((s) => s.uses?.startsWith('changesets/action@'));
    const scripts = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(changesets?.with).toMatchObject({ version: 'pnpm version-packages', publish: 'pnpm release:publish' });
    expect(scripts['version-packages']).toBe('changeset version');
    expect(scripts['release:publish']).toMatch(/pnpm build && changeset publish$/);
    expect(changesets?.env?.NPM_CONFIG_PROVENANCE).toBe('true');
    expect(release.permissions?.['id-token']).toBe('write');
    expect(Object.keys(release.on)).toEqual(['push']);
  });
});
