import semver from 'semver';
import { readmeProblems } from './readme.js';
import type { Manifest } from './workspace.js';

/**
 * Every path an `exports` map can lead to, with where it sits (`exports["./msw"].import.types`). Condition
 * objects are walked in full: a target behind any condition (`@x/source` too) must be in the tarball.
 */
export function exportTargets(exports: unknown, at = 'exports'): Array<{ where: string; target: string }> {
  if (typeof exports === 'string') return [{ where: at, target: exports }];
  if (Array.isArray(exports)) return exports.flatMap((entry, i) => exportTargets(entry, `${at}[${i}]`));
  if (exports === null || typeof exports !== 'object') return [];
  return Object.entries(exports as Record<string, unknown>).flatMap(([key, value]) =>
    exportTargets(value, key.startsWith('.') ? `${at}["${key}"]` : `${at}.${key}`),
  );
}

function hasTarget(files: ReadonlySet<string>, target: string): boolean {
  const path = target.replace(/^\.\//, '');
  if (!path.includes('*')) return files.has(path);
  const [head = '', tail = ''] = path.split('*');
  for (const file of files) if (file.startsWith(head) && file.endsWith(tail) && file.length >= head.length + tail.length) return true;
  return false;
}

export type PublishedPackage = {
  manifest: Manifest;
  /** Paths in the tarball, relative to the package. */
  files: ReadonlySet<string>;
  readme: string | undefined;
};

/**
 * What is wrong with one published package, as its users would meet it: an `exports`, `main`, `module`, `types` or
 * `bin` target missing from the tarball (a wrong `files` or `exports`), a dependency range left as `workspace:`
 * or that the version this release published of a sibling does not satisfy, a dependency on a package this
 * release does not publish, a peer range that leaves out the version the package is tested with, no
 * `engines.node`, or a README install line that would not install it.
 *
 * @example
 * publishedProblems(pkg, new Map([['@x/a', '1.0.0']])); // [] when all is well
 */
export function publishedProblems(pkg: PublishedPackage, released: ReadonlyMap<string, string>): string[] {
  const { manifest, files } = pkg;
  const problems: string[] = [];
  const targets = [
    ...exportTargets(manifest.exports),
    ...(['main', 'module', 'types'] as const).flatMap((field) => {
      const target = manifest[field];
      return typeof target === 'string' ? [{ where: field, target }] : [];
    }),
    ...Object.entries(typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {})).map(([bin, target]) => ({
      where: `bin["${bin}"]`,
      target,
    })),
  ];
  for (const { where, target } of targets) {
    if (!hasTarget(files, target)) problems.push(`${where} points to ${target}, which is not in the published tarball (check "files" and "exports")`);
  }
  const ranges = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
  for (const [dependency, range] of Object.entries(ranges)) {
    if (/^(workspace|link|file|portal):/.test(range)) {
      problems.push(`depends on ${dependency}@${range}: a local protocol, which no registry can resolve`);
      continue;
    }
    if (!dependency.startsWith('@x/')) continue;
    const version = released.get(dependency);
    if (version === undefined) {
      problems.push(`depends on ${dependency}, which this release does not publish`);
    } else if (!semver.satisfies(version, range)) {
      problems.push(`depends on ${dependency}@${range}, which the released ${dependency}@${version} does not satisfy`);
    }
  }
  for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
    // The version the package is tested with must be one its peer range admits, or npm refuses the install (a
    // prerelease satisfies a range only within its own version line: ">=15.0.0-beta.1" refuses 17.10.0-beta.17).
    const tested = manifest.devDependencies?.[peer];
    const version = tested === undefined ? null : semver.valid(tested) ?? semver.minVersion(tested)?.version ?? null;
    if (version !== null && !semver.satisfies(version, range)) problems.push(`peer dependency ${peer}@${range} does not admit ${version}, the version the package is tested with: npm refuses to install them together`);
  }
  if (manifest.engines?.node === undefined) problems.push('has no engines.node: say which Node versions are supported');
  const optional = manifest.peerDependenciesMeta ?? {};
  const requiredPeers = Object.keys(manifest.peerDependencies ?? {}).filter((peer) => optional[peer]?.optional !== true);
  problems.push(...readmeProblems(manifest.name, pkg.readme, { published: new Set(released.keys()), requiredPeers }));
  return problems;
}

/**
 * `engines.node` must say what the runtime matrix tests: every tested Node satisfies it, and it admits no major
 * version the matrix does not run (a user on an untested Node gets npm's engine warning).
 *
 * @example
 * enginesProblems('^20.19.0 || ^22.12.0', ['20.20.2', '22.23.5']); // []
 */
export function enginesProblems(range: string, tested: readonly string[]): string[] {
  const problems = tested.filter((version) => !semver.satisfies(version, range)).map((version) => `engines.node "${range}" leaves out Node ${version}, which the matrix tests`);
  const majors = new Set(tested.map((version) => semver.major(version)));
  for (let major = 10; major <= 40; major++) {
    if (!majors.has(major) && semver.intersects(range, `^${major}.0.0`)) problems.push(`engines.node "${range}" admits Node ${major}, which the matrix does not test`);
  }
  return problems;
}
