import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createConsumer, installSpecs, runtimeChecks, typeCheck, type CheckResult } from './consumer.js';
import { CONSUMER_PACKAGES, CONSUMER_TOOLS, PROBES, RUNTIMES, VERDACCIO, type RuntimeName } from './packages.js';
import { enginesProblems, publishedProblems } from './published.js';
import { startRegistry, type Registry } from './registry.js';
import { StepError, buildPackages, fetchTarball, publishPackages, versionPackages } from './release.js';
import { copyRepo } from './scratch.js';
import { exec } from './exec.js';
import { installTool } from './tools.js';
import { publicPackages, workspacePackages } from './workspace.js';

export type ReleaseCheckOptions = {
  /** The repository to rehearse a release of (its working tree, uncommitted changes included). */
  repo: string;
  /** Where tools (Verdaccio, the runtimes) are installed once and found again. */
  toolsDir: string;
  /** Build the packages in the scratch copy after versioning (what the release workflow does); false reuses dist/. */
  build: boolean;
  /** Install the packages in a fresh project and run the consumer checks. */
  consumer: boolean;
  /** The runtimes of the matrix to run the consumer checks on. */
  runtimes: readonly RuntimeName[];
  /** Changes the scratch copy after `changeset version`, before the build and publish (tests break a package on purpose). */
  mutate?: (scratch: string) => Promise<void>;
  /** Keep the registry running once the checks are done, until this resolves. */
  serve?: (registry: Registry) => Promise<void>;
  /** Leave the scratch copy, registry storage and consumer project on disk. */
  keep?: boolean;
  log: (line: string) => void;
};

/** Something wrong with the release itself (not a consumer check): which package, what. */
export type Problem = { subject: string; problem: string };

export type ReleaseCheckReport = {
  versions: Map<string, string>;
  problems: Problem[];
  results: CheckResult[];
  ok: boolean;
};

/**
 * Rehearses a release from a scratch copy of the repository: `changeset version`, a build, `changeset publish` to
 * a throwaway Verdaccio, checks of each published tarball, then a fresh consumer project that installs the kit by
 * version from that registry and runs it on every runtime asked for. Never throws for a failed check: every
 * problem and result is in the report.
 *
 * @example
 * const report = await releaseCheck({ repo, toolsDir, build: true, consumer: true, runtimes: ['node20'], log: console.log });
 */
export async function releaseCheck(options: ReleaseCheckOptions): Promise<ReleaseCheckReport> {
  const { log } = options;
  const work = await mkdtemp(join(tmpdir(), 'release-check-'));
  const scratch = join(work, 'repo');
  const report: ReleaseCheckReport = { versions: new Map(), problems: [], results: [], ok: false };
  let registry: Registry | undefined;
  try {
    log(`scratch copy of the repository in ${scratch}`);
    await copyRepo(options.repo, scratch, { keepDist: !options.build });
    const packages = await publicPackages(scratch);
    report.problems.push(...listProblems(packages.map((p) => p.manifest.name), await workspacePackages(scratch)));
    log(`Verdaccio (${VERDACCIO}, installed once into ${options.toolsDir})`);
    registry = await startRegistry({ dir: join(work, 'registry'), verdaccio: await installTool(options.toolsDir, VERDACCIO) });
    log(`registry at ${registry.url}`);
    log('changeset version');
    const versioned = await versionPackages(scratch);
    report.versions = versioned.versions;
    report.problems.push(...versioned.problems.map((problem) => ({ subject: 'versioning', problem })));
    log(`versions: ${[...versioned.versions].map(([name, version]) => `${name}@${version}`).join(', ')}`);
    await options.mutate?.(scratch);
    if (options.build) {
      log('build (pnpm run build, in dependency order)');
      await buildPackages(scratch, [...versioned.versions.keys()]);
    }
    log('changeset publish');
    await publishPackages(scratch, registry);
    const readmes = new Map<string, string>();
    const engines = new Map<string, string>();
    for (const [name, version] of versioned.versions) {
      const files = await fetchTarball(registry, name, version);
      const manifest = JSON.parse(files.get('package.json')?.toString('utf8') ?? '{}') as Parameters<typeof publishedProblems>[0]['manifest'];
      const readme = files.get('README.md')?.toString('utf8');
      if (readme !== undefined) readmes.set(name, readme);
      if (manifest.engines?.node !== undefined) engines.set(name, manifest.engines.node);
      const problems = publishedProblems({ manifest, files: new Set(files.keys()), readme }, versioned.versions);
      report.problems.push(...problems.map((problem) => ({ subject: `${name}@${version}`, problem })));
      log(`published ${name}@${version}: ${files.size} files${problems.length === 0 ? '' : `, ${problems.length} problem(s)`}`);
    }
    if (options.consumer) {
      const consumerDir = join(work, 'consumer');
      if (!relative(options.repo, consumerDir).startsWith('..')) throw new StepError(`the consumer project ${consumerDir} would sit inside the repository`);
      const consumerReadmes = new Map(CONSUMER_PACKAGES.flatMap((name) => (readmes.has(name) ? [[name, readmes.get(name) ?? '']] : [])));
      const specs = installSpecs(consumerReadmes, versioned.versions, await toolSpecs(options.repo));
      log(`consumer project ${consumerDir}: npm install ${specs.join(' ')}`);
      const installed = await createConsumer(consumerDir, registry, specs, versioned.versions);
      report.results.push(...installed);
      if (installed.every((r) => r.ok)) {
        log('tsc --noEmit under node16 and bundler resolution');
        report.results.push(...(await typeCheck(consumerDir)));
        const nodeVersions: string[] = [];
        for (const name of options.runtimes) {
          const runtime = RUNTIMES.find((r) => r.name === name);
          if (runtime === undefined) throw new StepError(`unknown runtime ${name}: one of ${RUNTIMES.map((r) => r.name).join(', ')}`);
          const binary = runtime.tool === undefined ? undefined : join(await installTool(options.toolsDir, runtime.tool), runtime.binary ?? '');
          const version = await runtimeVersion(binary);
          if (runtime.family === 'node' && version !== undefined) nodeVersions.push(version);
          log(`consumer checks on ${name} (${version ?? 'version unknown'})`);
          report.results.push(...(await runtimeChecks(runtime, binary, consumerDir)));
        }
        // engines.node must say what was tested, when the whole Node line of the matrix ran.
        if (RUNTIMES.every((r) => r.family !== 'node' || options.runtimes.includes(r.name))) {
          for (const [name, range] of engines) {
            report.problems.push(...enginesProblems(range, nodeVersions).map((problem) => ({ subject: name, problem })));
          }
        }
      }
    }
    if (options.serve !== undefined) await options.serve(registry);
  } catch (error) {
    if (!(error instanceof StepError)) throw error;
    report.problems.push({ subject: 'release', problem: error.message });
  } finally {
    await registry?.close();
    if (options.keep === true) log(`kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
  report.ok = report.problems.length === 0 && report.results.every((r) => r.ok || r.knownGap !== undefined);
  return report;
}

/** `--version` of a runtime's binary (undefined: this process's Node), without its leading `v` or name. */
async function runtimeVersion(binary: string | undefined): Promise<string | undefined> {
  if (binary === undefined) return process.version.slice(1);
  const result = await exec(binary, ['--version'], { cwd: tmpdir(), timeoutMs: 30_000 }).catch(() => undefined);
  return /(\d+\.\d+\.\d+)/.exec(result?.stdout ?? '')?.[1];
}

/** The consumer packages and probes must name packages the release publishes (the lists stay in step). */
function listProblems(published: readonly string[], all: ReadonlyArray<{ manifest: { name: string } }>): Problem[] {
  const problems: Problem[] = [];
  const known = new Set(all.map((p) => p.manifest.name));
  for (const name of new Set([...CONSUMER_PACKAGES, ...PROBES.flatMap((p) => p.packages)])) {
    if (!published.includes(name)) {
      problems.push({ subject: 'tools/release-check', problem: `${name} is listed in src/packages.ts but ${known.has(name) ? 'is private' : 'is no package of the workspace'}` });
    }
  }
  return problems;
}

/** The consumer's own tools (typescript, vitest, @types/node) at the versions the repository uses. */
async function toolSpecs(repo: string): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const root = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  return CONSUMER_TOOLS.map((tool) => {
    const version = root.devDependencies?.[tool];
    return version === undefined ? tool : `${tool}@${version}`;
  });
}

/** The report as lines: problems first, then one row per runtime, then the failed checks in full. */
export function renderReport(report: ReleaseCheckReport): string[] {
  const lines: string[] = [];
  for (const { subject, problem } of report.problems) lines.push(`✗ ${subject}: ${problem}`);
  const byRuntime = new Map<string, CheckResult[]>();
  for (const result of report.results) byRuntime.set(result.runtime, [...(byRuntime.get(result.runtime) ?? []), result]);
  if (byRuntime.size > 0) lines.push('', 'runtime | passed | failed | known gaps');
  for (const [runtime, results] of byRuntime) {
    const passed = results.filter((r) => r.ok).length;
    const failed = results.filter((r) => !r.ok && r.knownGap === undefined).map((r) => r.check);
    const gaps = results.filter((r) => !r.ok && r.knownGap !== undefined).map((r) => r.check);
    lines.push(`${runtime} | ${passed}/${results.length} | ${failed.join(', ') || '-'} | ${gaps.join(', ') || '-'}`);
  }
  const fixedGaps = report.results.filter((r) => r.ok && r.knownGap !== undefined);
  for (const r of fixedGaps) lines.push(`note: ${r.runtime} ${r.check} passes now: remove it from KNOWN_GAPS and the README`);
  for (const r of report.results.filter((x) => !x.ok)) {
    lines.push('', `${r.knownGap === undefined ? '✗' : '~'} ${r.runtime} ${r.check}${r.knownGap === undefined ? '' : ` (known gap: ${r.knownGap})`}`, ...r.detail.split('\n').map((l) => `    ${l}`));
  }
  const failedCount = report.problems.length + report.results.filter((r) => !r.ok && r.knownGap === undefined).length;
  lines.push('', `release-check: ${report.results.filter((r) => r.ok).length} passed, ${failedCount} failed`);
  return lines;
}
