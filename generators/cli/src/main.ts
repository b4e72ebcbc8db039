import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { SpecError, formatFiles, loadModel, writeGenerated, type ApiModel, type GeneratedFile } from '@x/generator-core';
import { TARGETS, type Generator } from './targets.js';
import { findWorkspaceRoot, workspaceJobs, type Job } from './workspace.js';

const USAGE = [
  'usage: x-generate --workspace                 every workspace package with an "x-generate" field in its package.json',
  '       x-generate --api <name> --targets <target,...> [--spec <dir>] [--out <dir>]',
].join('\n');

type Args = { mode: 'one'; job: Job; specRoot: string } | { mode: 'workspace'; root: string };

/** Finds `spec/` by walking up from the working directory, so the command works from any package. */
function findSpecRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'spec')) && existsSync(join(dir, 'pnpm-workspace.yaml'))) return join(dir, 'spec');
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Names of targets that do not exist, as a message, or undefined. */
export function unknownTargets(targets: readonly string[]): string | undefined {
  const unknown = targets.filter((t) => !(t in TARGETS));
  return unknown.length > 0 ? `unknown target "${unknown.join(', ')}"; known: ${Object.keys(TARGETS).join(', ')}` : undefined;
}

export function parseArgs(argv: readonly string[], cwd: string): Args | string {
  const rest = argv.filter((a) => a !== '--');
  if (rest.length === 1 && rest[0] === '--workspace') {
    const root = findWorkspaceRoot(cwd);
    return root === undefined ? 'cannot find pnpm-workspace.yaml above the working directory' : { mode: 'workspace', root };
  }
  const values: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 1) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (!flag?.startsWith('--') || value === undefined) return `unexpected argument "${flag}"\n${USAGE}`;
    values[flag.slice(2)] = value;
    i += 1;
  }
  const { api, targets } = values;
  if (api === undefined || targets === undefined) return USAGE;
  const list = targets.split(',');
  const unknown = unknownTargets(list);
  if (unknown !== undefined) return unknown;
  const specRoot = values.spec ?? findSpecRoot(cwd);
  if (specRoot === undefined) return 'cannot find the spec/ folder above the working directory; pass --spec <dir>';
  const out = resolve(cwd, values.out ?? 'src/generated');
  return { mode: 'one', specRoot: resolve(cwd, specRoot), job: { name: relative(cwd, out) || '.', api, targets: list, out } };
}

/** What one package gets: its files, emitted from the model of its API (not yet formatted). */
async function emitJob(job: Job, model: ApiModel, generators: Map<string, Generator>): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const target of job.targets) {
    let generator = generators.get(target);
    const load = TARGETS[target];
    if (generator === undefined && load !== undefined) {
      generator = await load();
      generators.set(target, generator);
    }
    if (generator !== undefined) files.push(...(await generator(model)));
  }
  return files;
}

/**
 * Generates every job in one process: each API's spec is loaded, validated and modelled once, every target of
 * every package runs over that model, every file of the run is formatted in one formatter run, and each package's
 * output folder is written by the one writer. Returns one line per package.
 */
export async function generateJobs(specRoot: string, jobs: readonly Job[]): Promise<string[]> {
  const models = new Map<string, Promise<ApiModel>>();
  const generators = new Map<string, Generator>();
  const emitted: GeneratedFile[][] = [];
  for (const job of jobs) {
    let model = models.get(job.api);
    if (model === undefined) {
      model = loadModel(join(specRoot, job.api));
      models.set(job.api, model);
    }
    emitted.push(await emitJob(job, await model, generators));
  }
  // One formatter run over every package's files; then each package's share goes back to its own folder.
  const formatted = await formatFiles(emitted.flat());
  let offset = 0;
  const shares = emitted.map((files) => {
    const share = formatted.slice(offset, offset + files.length);
    offset += files.length;
    return share;
  });
  const results = await Promise.all(jobs.map((job, i) => writeGenerated(job.out, shares[i] ?? [])));
  return jobs.map((job, i) => {
    const r = results[i] ?? { written: [], unchanged: [], removed: [] };
    return `x-generate ${job.api} -> ${job.name} [${job.targets.join(', ')}]: ${r.written.length} written, ${r.unchanged.length} unchanged, ${r.removed.length} removed`;
  });
}

/** Runs the chosen generators (one package, or every package of the workspace) and writes their files. */
export async function main(argv: readonly string[], cwd = process.cwd()): Promise<number> {
  const args = parseArgs(argv, cwd);
  if (typeof args === 'string') {
    console.error(args);
    return 2;
  }
  try {
    let lines: string[];
    if (args.mode === 'one') {
      lines = await generateJobs(args.specRoot, [args.job]);
    } else {
      const jobs = await workspaceJobs(args.root);
      if (typeof jobs === 'string') {
        console.error(`x-generate: ${jobs}`);
        return 2;
      }
      lines = await generateJobs(join(args.root, 'spec'), jobs);
    }
    for (const line of lines) console.log(line);
    return 0;
  } catch (error) {
    if (error instanceof SpecError) {
      console.error(`x-generate: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
