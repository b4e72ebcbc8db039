import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exec, tail } from './exec.js';
import { KNOWN_GAPS, PROBES, type Runtime } from './packages.js';
import { installLines, specName } from './readme.js';
import type { Registry } from './registry.js';

/** One check of the consumer project on one runtime. */
export type CheckResult = {
  runtime: string;
  check: string;
  ok: boolean;
  detail: string;
  /** Set when the check is a known gap of this runtime (KNOWN_GAPS): its reason. */
  knownGap?: string;
};

const TEMPLATE = fileURLToPath(new URL('../consumer/', import.meta.url));

/**
 * The command that installs the consumer packages: the union of their README install lines (every line of the
 * README's install block), every `@x` package pinned to the version this release published (so the registry must
 * have exactly that), plus the consumer's own tools at the repository's versions.
 *
 * @example
 * installSpecs(readmes, versions, ['typescript@5.9.3']); // ['@x/pro-import-client@0.2.0', 'msw', 'typescript@5.9.3', ...]
 */
export function installSpecs(readmes: ReadonlyMap<string, string>, versions: ReadonlyMap<string, string>, tools: readonly string[]): string[] {
  const specs = new Set<string>();
  for (const [name, readme] of readmes) {
    // A README without an install line is reported by the tarball checks; the package is still installed.
    const lines = installLines(readme);
    for (const spec of lines.length > 0 ? lines.flatMap((line) => line.packages) : [name]) {
      const bare = specName(spec);
      const version = versions.get(bare);
      specs.add(bare.startsWith('@x/') && version !== undefined ? `${bare}@${version}` : spec);
    }
  }
  return [...specs, ...tools];
}

/**
 * A fresh npm project in `dir` (outside the repository) that installs the kit from the registry the way a user
 * does, with the `@x` scope pointed at it in its `.npmrc`, no overrides and no tarballs; then the probes, the
 * msw test and the type checks are copied in. Returns what failed to install, if anything.
 */
export async function createConsumer(dir: string, registry: Registry, specs: readonly string[], versions: ReadonlyMap<string, string>): Promise<CheckResult[]> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'release-check-consumer', private: true, type: 'module' }, null, 2)}\n`);
  await writeFile(join(dir, '.npmrc'), registry.npmrc());
  const result = await exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: dir, timeoutMs: 600_000 });
  const install: CheckResult = {
    runtime: 'npm',
    check: `npm install ${specs.filter((s) => s.startsWith('@x/')).join(' ')}`,
    ok: result.code === 0,
    detail: result.code === 0 ? 'from the local registry, by version' : tail(result),
  };
  if (!install.ok) return [install];
  const wrong: string[] = [];
  for (const [name, version] of versions) {
    const installed = await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8').then(
      (text) => (JSON.parse(text) as { version: string }).version,
      () => undefined,
    );
    if (installed !== undefined && installed !== version) wrong.push(`${name}@${installed} (released ${version})`);
  }
  if (wrong.length > 0) return [{ ...install, ok: false, detail: `installed other versions than released: ${wrong.join(', ')}` }];
  await cp(TEMPLATE, dir, { recursive: true });
  return [install];
}

/** `tsc --noEmit` of the consumer's TypeScript under `node16` and `bundler` resolution (runtime-independent). */
export async function typeCheck(dir: string): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const resolution of ['node16', 'bundler']) {
    const result = await exec(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `tsconfig.${resolution}.json`], { cwd: dir, timeoutMs: 300_000 });
    out.push({ runtime: 'tsc', check: `tsc --noEmit (${resolution})`, ok: result.code === 0, detail: result.code === 0 ? 'no errors' : tail(result, 20) });
  }
  return out;
}

type ProbeLine = { probe: string; ok: boolean; detail: string };

function parseLines(stdout: string): ProbeLine[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{"probe"'))
    .map((line) => JSON.parse(line) as ProbeLine);
}

/** Runs a runner script and turns its JSON lines into results; a probe without a line failed with the output. */
async function runLines(runtime: string, mode: string, command: string, args: string[], expected: readonly string[], dir: string, env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const result = await exec(command, args, { cwd: dir, env, timeoutMs: 300_000 }).catch((error: unknown) => ({
    code: 127,
    stdout: '',
    stderr: error instanceof Error ? error.message : String(error),
  }));
  const lines = new Map(parseLines(result.stdout).map((line) => [line.probe, line]));
  return expected.map((probe) => {
    const line = lines.get(probe);
    const check = `${mode} ${probe}`;
    if (line === undefined) return { runtime, check, ok: false, detail: `no result (exit ${result.code}):\n${tail(result)}` };
    return { runtime, check, ok: line.ok, detail: line.detail };
  });
}

/**
 * The consumer checks on one runtime: every probe through ESM `import()` and CJS `require()`; on Node also
 * `npx marketplace-sync --version`, a CLI sync against the fake, `npx marketplace-fleet --version`, its migrate,
 * enqueue and status against a throwaway PostgreSQL, and the msw handlers in vitest. `binary` is the
 * runtime's executable (undefined: the Node running this check).
 */
export async function runtimeChecks(runtime: Runtime, binary: string | undefined, dir: string): Promise<CheckResult[]> {
  const probes = PROBES.map((p) => p.name);
  const exe = binary ?? process.execPath;
  const binDir = join(dir, '.runtime-bin', runtime.name);
  await mkdir(binDir, { recursive: true });
  // Child processes (npx, the bin's `#!/usr/bin/env node`) find this runtime's node first.
  if (runtime.family === 'node') await symlink(exe, join(binDir, 'node')).catch(() => undefined);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}`, NO_COLOR: '1' };
  delete env.NODE_OPTIONS;
  const results: CheckResult[] = [];
  if (runtime.family === 'node') {
    results.push(...(await runLines(runtime.name, 'esm', exe, ['runner.mjs', ...probes], probes, dir, env)));
    results.push(...(await runLines(runtime.name, 'cjs', exe, ['runner.cjs', ...probes], probes, dir, env)));
    results.push(...(await runLines(runtime.name, 'npx', exe, ['cli.mjs'], ['cli-version', 'cli-sync', 'fleet-version', 'fleet-cli'], dir, env)));
    const vitest = await exec(exe, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.config.mjs'], { cwd: dir, env, timeoutMs: 300_000 });
    results.push({ runtime: runtime.name, check: 'vitest msw.test.ts', ok: vitest.code === 0, detail: vitest.code === 0 ? 'msw handlers of both testkits' : tail(vitest, 25) });
  } else if (runtime.name === 'bun') {
    results.push(...(await runLines(runtime.name, 'esm', exe, ['runner.mjs', ...probes], probes, dir, env)));
    results.push(...(await runLines(runtime.name, 'cjs', exe, ['runner.cjs', ...probes], probes, dir, env)));
  } else {
    results.push(...(await runLines(runtime.name, 'esm', exe, ['run', '-A', 'runner.mjs', ...probes], probes, dir, env)));
    results.push(...(await runLines(runtime.name, 'cjs', exe, ['run', '-A', 'runner.cjs', ...probes], probes, dir, env)));
  }
  return results.map((result) => {
    const gap = KNOWN_GAPS.find((g) => g.runtime === runtime.name && g.check === result.check);
    return gap === undefined ? result : { ...result, knownGap: gap.reason };
  });
}
