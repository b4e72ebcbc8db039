import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { compareStrings, isRecord } from '@x/generator-core';
import { TARGETS } from './targets.js';

/** One package's generation: which API, which targets, where the files go. */
export type Job = { name: string; api: string; targets: string[]; out: string };

/** The field of a package.json that asks for generated code: `"x-generate": { "api": "...", "targets": [...] }`. */
export const CONFIG_FIELD = 'x-generate';

/** The folder with pnpm-workspace.yaml at or above `from`. */
export function findWorkspaceRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The `packages:` globs of a pnpm-workspace.yaml. Only the forms this repository uses are understood (a folder, or
 * a folder followed by `/*`); anything else is refused rather than guessed.
 */
export function workspaceGlobs(yaml: string): string[] | string {
  const globs: string[] = [];
  let inPackages = false;
  for (const raw of yaml.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      inPackages = /^packages:\s*$/.test(line);
      continue;
    }
    if (!inPackages) continue;
    const item = /^\s+-\s+(['"]?)([^'"]+)\1\s*$/.exec(line)?.[2];
    if (item === undefined) return `cannot read the packages list of pnpm-workspace.yaml at "${line.trim()}"`;
    if (!/^[\w.@-]+(\/[\w.@-]+)*(\/\*)?$/.test(item)) return `pnpm-workspace.yaml: the glob "${item}" is not a folder or folder/*`;
    globs.push(item);
  }
  return globs;
}

async function packageDirs(root: string, globs: readonly string[]): Promise<string[]> {
  const dirs: string[] = [];
  for (const glob of globs) {
    if (!glob.endsWith('/*')) {
      dirs.push(join(root, glob));
      continue;
    }
    const parent = join(root, glob.slice(0, -2));
    const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isDirectory()) dirs.push(join(parent, entry.name));
  }
  return dirs.sort(compareStrings);
}

/**
 * Every workspace package whose package.json has an `"x-generate"` field, as jobs in a stable order. Returns a
 * message naming the package and the field when a configuration is wrong.
 */
export async function workspaceJobs(root: string): Promise<Job[] | string> {
  const globs = workspaceGlobs(await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8'));
  if (typeof globs === 'string') return globs;
  const jobs: Job[] = [];
  for (const dir of await packageDirs(root, globs)) {
    const text = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const manifest: unknown = JSON.parse(text);
    if (!isRecord(manifest) || manifest[CONFIG_FIELD] === undefined) continue;
    const config = manifest[CONFIG_FIELD];
    const where = `${join(dir, 'package.json')} "${CONFIG_FIELD}"`;
    if (!isRecord(config) || typeof config.api !== 'string' || !Array.isArray(config.targets) || !config.targets.every((t) => typeof t === 'string')) {
      return `${where} must be { "api": "<folder in spec/>", "targets": ["client", ...] }`;
    }
    const targets = config.targets as string[];
    const unknown = targets.filter((t) => !(t in TARGETS));
    if (unknown.length > 0) return `${where}: unknown target "${unknown.join(', ')}"; known: ${Object.keys(TARGETS).join(', ')}`;
    const name = typeof manifest.name === 'string' ? manifest.name : dir;
    jobs.push({ name, api: config.api, targets, out: join(dir, typeof config.out === 'string' ? config.out : 'src/generated') });
  }
  return jobs;
}
