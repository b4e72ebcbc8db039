import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

export type Manifest = {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  exports?: unknown;
  main?: string;
  module?: string;
  types?: string;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: Record<string, string>;
};

export type WorkspacePackage = { dir: string; manifest: Manifest };

/** The repository root: the folder holding pnpm-workspace.yaml, walking up from `from`. */
export function findRoot(from: string): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${from}: run the release check inside the repository`);
    dir = parent;
  }
  return dir;
}

/** Every package of the workspace (the `dir/*` and `dir` patterns of pnpm-workspace.yaml), sorted by name. */
export async function workspacePackages(root: string): Promise<WorkspacePackage[]> {
  const config = parse(await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages?: string[] };
  const dirs: string[] = [];
  for (const pattern of config.packages ?? []) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of await readdir(parent, { withFileTypes: true })) if (entry.isDirectory()) dirs.push(join(parent, entry.name));
    } else {
      dirs.push(join(root, pattern));
    }
  }
  const out: WorkspacePackage[] = [];
  for (const dir of dirs) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    out.push({ dir, manifest: JSON.parse(await readFile(file, 'utf8')) as Manifest });
  }
  return out.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** The packages a release publishes: every workspace package not marked private. */
export async function publicPackages(root: string): Promise<WorkspacePackage[]> {
  return (await workspacePackages(root)).filter((p) => p.manifest.private !== true);
}
