import { cp, symlink } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';

/** What a scratch copy leaves out: history, caches, and (unless asked for) build output. */
const SKIPPED_NAMES = new Set(['.git', '.turbo', 'coverage', '.DS_Store']);
const SKIPPED_PATHS = ['.ci/.tools', 'tmp', 'node_modules', 'generators/cli/test/.out'];

/**
 * Copies the repository at `root` into `dest` for a release rehearsal that must not touch the working tree:
 * sources, manifests and changesets, each package's own `node_modules` as the symlinks pnpm made (they point into
 * the copy, so workspace packages resolve to the copied ones), and the root `node_modules` as one symlink to the
 * original store. Built `dist/` folders come along only with `keepDist` (a check that reuses a build).
 *
 * @example
 * await copyRepo('/work/repo', '/tmp/release-check/repo', { keepDist: false });
 */
export async function copyRepo(root: string, dest: string, options: { keepDist: boolean }): Promise<void> {
  await cp(root, dest, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => {
      const path = relative(root, source).split(sep).join('/');
      if (path === '') return true;
      if (SKIPPED_NAMES.has(basename(source))) return false;
      if (SKIPPED_PATHS.includes(path)) return false;
      if (!options.keepDist && basename(source) === 'dist' && !path.includes('node_modules/')) return false;
      return true;
    },
  });
  await symlink(join(root, 'node_modules'), join(dest, 'node_modules'), 'dir');
}
