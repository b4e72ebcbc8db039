import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exec, tail } from './exec.js';
import type { Registry } from './registry.js';
import { readTarball } from './tarball.js';
import { publicPackages, type WorkspacePackage } from './workspace.js';

/** A step that failed, in one message (with the command's last lines). */
export class StepError extends Error {}

const REHEARSAL = 'release-check-rehearsal';

/**
 * Groups of `.changeset/config.json` `fixed` that the public packages fall in; each group's members are released
 * with one version. An entry may be a name or a `*` pattern, as changesets allows.
 */
export function fixedGroups(config: { fixed?: string[][] }, names: readonly string[]): string[][] {
  const matches = (pattern: string, name: string) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`).test(name);
  return (config.fixed ?? []).map((group) => names.filter((name) => group.some((pattern) => matches(pattern, name))));
}

/**
 * Public packages that depend on each other must be versioned together: each such pair in one `fixed` group of
 * `.changeset/config.json`, so a release never pairs a new client with an old testkit.
 */
export function versioningProblems(packages: readonly WorkspacePackage[], config: { fixed?: string[][] }): string[] {
  const names = packages.map((p) => p.manifest.name);
  const groups = fixedGroups(config, names);
  const problems: string[] = [];
  for (const { manifest } of packages) {
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      if (!names.includes(dependency)) continue;
      if (!groups.some((group) => group.includes(manifest.name) && group.includes(dependency))) {
        problems.push(`${manifest.name} depends on ${dependency}, but no "fixed" group of .changeset/config.json holds both: they would be versioned apart`);
      }
    }
  }
  return problems;
}

/**
 * `changeset version` in the scratch copy, with one more changeset (a patch of every public package) so there is
 * always something to release. Returns the versions it gave, and the problems it left: versions that differ
 * inside a fixed group, a package without a CHANGELOG entry for its new version.
 */
export async function versionPackages(scratch: string): Promise<{ versions: Map<string, string>; problems: string[] }> {
  const before = await publicPackages(scratch);
  const config = JSON.parse(await readFile(join(scratch, '.changeset', 'config.json'), 'utf8')) as { fixed?: string[][] };
  const problems = versioningProblems(before, config);
  const lines = before.map((p) => `"${p.manifest.name}": patch`).join('\n');
  await writeFile(join(scratch, '.changeset', `${REHEARSAL}.md`), `---\n${lines}\n---\n\nA rehearsal release made by \`pnpm release:check\`.\n`);
  const result = await exec('pnpm', ['exec', 'changeset', 'version'], { cwd: scratch, timeoutMs: 120_000 });
  if (result.code !== 0) throw new StepError(`changeset version failed:\n${tail(result)}`);
  const after = await publicPackages(scratch);
  const versions = new Map(after.map((p) => [p.manifest.name, p.manifest.version]));
  for (const group of fixedGroups(config, [...versions.keys()])) {
    const seen = new Set(group.map((name) => versions.get(name)));
    if (seen.size > 1) problems.push(`the fixed group ${group.join(', ')} got different versions: ${group.map((n) => `${n}@${versions.get(n)}`).join(', ')}`);
  }
  for (const { dir, manifest } of after) {
    const changelog = join(dir, 'CHANGELOG.md');
    const text = existsSync(changelog) ? await readFile(changelog, 'utf8') : '';
    if (!text.includes(`## ${manifest.version}\n`)) problems.push(`${manifest.name}: CHANGELOG.md has no "## ${manifest.version}" entry after changeset version`);
  }
  return { versions, problems };
}

/** Builds the public packages in the scratch copy (pnpm runs them in dependency order). */
export async function buildPackages(scratch: string, names: readonly string[]): Promise<void> {
  const filters = names.flatMap((name) => ['--filter', name]);
  const result = await exec('pnpm', [...filters, 'run', 'build'], { cwd: scratch, timeoutMs: 900_000 });
  if (result.code !== 0) throw new StepError(`pnpm run build failed in the scratch copy:\n${tail(result, 30)}`);
}

/**
 * `changeset publish` in the scratch copy against the registry: the release workflow's own command, which runs
 * `pnpm publish` per package (replacing `workspace:` ranges) for each version the registry does not have yet.
 */
export async function publishPackages(scratch: string, registry: Registry): Promise<string> {
  await writeFile(join(scratch, '.npmrc'), registry.npmrc({ auth: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', npm_config_registry: registry.url, NPM_CONFIG_PROVENANCE: 'false' };
  const result = await exec('pnpm', ['exec', 'changeset', 'publish'], { cwd: scratch, env, timeoutMs: 600_000 });
  if (result.code !== 0) throw new StepError(`changeset publish failed:\n${tail(result, 30)}`);
  return result.stdout + result.stderr;
}

/** The files of `name@version` as the registry serves it to users. */
export async function fetchTarball(registry: Registry, name: string, version: string): Promise<Map<string, Buffer>> {
  const answer = await fetch(`${registry.url}${name.replace('/', '%2f')}`);
  if (!answer.ok) throw new StepError(`${name} is not in the registry (HTTP ${answer.status})`);
  const packument = (await answer.json()) as { versions?: Record<string, { dist?: { tarball?: string } }> };
  const tarball = packument.versions?.[version]?.dist?.tarball;
  if (tarball === undefined) throw new StepError(`${name}@${version} was not published (the registry has ${Object.keys(packument.versions ?? {}).join(', ') || 'no version'})`);
  const bytes = await fetch(tarball);
  if (!bytes.ok) throw new StepError(`${name}@${version}: its tarball answered HTTP ${bytes.status}`);
  return readTarball(new Uint8Array(await bytes.arrayBuffer()));
}
