import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { makeRepo, type Repo } from './helpers.js';

let repo: Repo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function pull(root: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main([], {
    cwd: root,
    env: {},
    stdout: { write: () => undefined },
    stderr: { write: (t) => void (stderr += t) },
  });
  return { code, stderr };
}

describe('without --api', () => {
  it('pulls the only API folder under spec/ (its config names the token it needs)', async () => {
    repo = await makeRepo();
    const { code, stderr } = await pull(repo.root);
    expect(code).not.toBe(0);
    expect(stderr).toContain('MINI_TOKEN is not set');
  });

  it('asks for --api when spec/ holds several APIs', async () => {
    repo = await makeRepo();
    await mkdir(join(repo.root, 'spec', 'other'), { recursive: true });
    await writeFile(join(repo.root, 'spec', 'other', 'api.config.json'), '{}');
    const { code, stderr } = await pull(repo.root);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/spec\/ holds several APIs \(.*other.*\): pass --api <name>/);
  });
});
