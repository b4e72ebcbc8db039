import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Finds the monorepo root (the folder holding `pnpm-workspace.yaml`) by walking up from `from`, because
 * `pnpm --filter` runs the pull script with the package folder as working directory.
 *
 * @example
 * findRepoRoot('/repo/generators/pull'); // '/repo'
 */
export function findRepoRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
