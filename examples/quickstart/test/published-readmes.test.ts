import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every published package's README (and any other markdown file it ships) is read on npm, where nothing outside the
// package exists: it may link only to files the package ships (or to web addresses), and may not send the reader to a
// folder of this repository or of someone's machine. Checked here, where the kit is used as its users use it.
const PACKAGES = fileURLToPath(new URL('../../../packages/', import.meta.url));

type Manifest = { name: string; private?: boolean; files?: string[] };
const published = readdirSync(PACKAGES)
  .filter((name) => existsSync(join(PACKAGES, name, 'package.json')))
  .map((name) => ({ dir: join(PACKAGES, name), manifest: JSON.parse(readFileSync(join(PACKAGES, name, 'package.json'), 'utf8')) as Manifest }))
  .filter(({ manifest }) => manifest.private !== true);

/** Whether npm ships a path of the package: always README/package.json/LICENSE, else what `files` names. */
function ships(manifest: Manifest, path: string): boolean {
  const [top] = path.split('/');
  if (['README.md', 'package.json', 'LICENSE', 'CHANGELOG.md'].includes(path)) return true;
  return (manifest.files ?? []).some((entry) => !entry.startsWith('!') && entry.split('/')[0] === top);
}

/** The markdown files npm ships for a package: the README, and what `files` names. */
const markdownOf = (dir: string, manifest: Manifest): string[] =>
  readdirSync(dir).filter((name) => name.endsWith('.md') && (name === 'README.md' || ships(manifest, name)));

/** What in a package's published markdown points outside the package: `FILE line N: what`. */
function outside(dir: string, manifest: Manifest): string[] {
  const problems: string[] = [];
  for (const markdown of markdownOf(dir, manifest)) {
    const lines = readFileSync(join(dir, markdown), 'utf8').split('\n');
    lines.forEach((line, index) => {
      const at = `${markdown} line ${index + 1}`;
      for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target === undefined || /^(https?:|mailto:|#)/.test(target)) continue;
        const file = resolve(dir, target.split('#')[0] ?? '');
        const inside = relative(dir, file);
        if (inside.startsWith('..')) problems.push(`${at}: links outside the package (${target})`);
        else if (!existsSync(file)) problems.push(`${at}: links to a file that does not exist (${target})`);
        else if (!ships(manifest, inside)) problems.push(`${at}: links to a file the package does not publish (${target})`);
      }
      for (const [match] of line.matchAll(/(?<![\w./-])(?:\.\.\/|(?:spec|generators|packages|examples|\.changeset|\.github)\/[\w.<>{}/-]*)/g))
        problems.push(`${at}: names a path of the repository, not of the package (${match})`);
      for (const [match] of line.matchAll(/(?<![\w:./-])\/(?:work|home|tmp|Users|root)\/[\w./-]*/g))
        problems.push(`${at}: names a path on someone's machine (${match})`);
    });
  }
  return problems;
}

describe('published READMEs point only inside their package', () => {
  it('finds the published packages', () => {
    expect(published.length).toBeGreaterThanOrEqual(7);
  });

  it.each(published.map(({ dir, manifest }) => [manifest.name, dir, manifest] as const))('%s', (_name, dir, manifest) => {
    expect(markdownOf(dir, manifest)).toContain('README.md');
    expect(outside(dir, manifest)).toEqual([]);
  });
});
