import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseCheck } from '../src/check.js';

const ROOT = resolve(import.meta.dirname, '../../..');

type Manifest = {
  files: string[];
  exports: Record<string, { import: { default: string } }>;
  dependencies: Record<string, string>;
};

async function editJson(file: string, edit: (json: Manifest) => void): Promise<void> {
  const json = JSON.parse(await readFile(file, 'utf8')) as Manifest;
  edit(json);
  await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
}

/**
 * Four packages broken on purpose in the check's scratch copy, one way each, as a release could break them. The
 * packages' dist/ comes from the workspace build (turbo builds every package before this test), so this runs the
 * versioning, publish and tarball checks without the consumer project.
 */
describe('release:check fails on a broken package', () => {
  it("names the package and the fault: files, exports, a dependency range, the README's install line", async () => {
    const lines: string[] = [];
    const report = await releaseCheck({
      repo: ROOT,
      toolsDir: process.env.RELEASE_CHECK_TOOLS ?? join(ROOT, '.ci', '.tools', 'release-check'),
      build: false,
      consumer: false,
      runtimes: [],
      log: (line) => lines.push(line),
      mutate: async (scratch) => {
        const pkg = (name: string) => join(scratch, 'packages', name);
        // files: the build output left out of the tarball.
        await editJson(join(pkg('pro-import-enums'), 'package.json'), (json) => void (json.files = ['src', '!src/**/*.test.ts']));
        // exports: an entry pointing at a file the build does not write.
        await editJson(join(pkg('kleinanzeigen-testkit'), 'package.json'), (json) => {
          const msw = json.exports['./msw'];
          if (msw !== undefined) msw.import.default = './dist/msw-handlers.js';
        });
        // dependency range: a sibling's range left behind by a release.
        await editJson(join(pkg('marketplace-sync'), 'package.json'), (json) => void (json.dependencies['@x/pro-import-client'] = '^0.1.0'));
        // README: the install line names a package that does not exist.
        const readme = join(pkg('pro-import-client'), 'README.md');
        await writeFile(readme, (await readFile(readme, 'utf8')).replace('npm install @x/pro-import-client\n', 'npm install @x/pro-import-clients\n'));
      },
    });
    expect(report.ok).toBe(false);
    const version = report.versions.get('@x/pro-import-client');
    const problems = report.problems.map((p) => `${p.subject}: ${p.problem}`);
    expect(problems).toContain(`@x/pro-import-enums@${version}: exports["."].import.types points to ./dist/index.d.ts, which is not in the published tarball (check "files" and "exports")`);
    expect(problems).toContain(`@x/kleinanzeigen-testkit@${version}: exports["./msw"].import.default points to ./dist/msw-handlers.js, which is not in the published tarball (check "files" and "exports")`);
    expect(problems).toContain(`@x/marketplace-sync@${version}: depends on @x/pro-import-client@^0.1.0, which the released @x/pro-import-client@${version} does not satisfy`);
    expect(problems).toContain(`@x/pro-import-client@${version}: README install line \`npm install @x/pro-import-clients\` does not install @x/pro-import-client`);
    expect(problems).toContain(`@x/pro-import-client@${version}: README install line \`npm install @x/pro-import-clients\` names @x/pro-import-clients, which this release does not publish`);
    // The packages nobody broke pass the same checks.
    const subjects = new Set(report.problems.map((p) => p.subject.replace(/@[^@]*$/, '')));
    expect([...subjects].sort()).toEqual(['@x/kleinanzeigen-testkit', '@x/marketplace-sync', '@x/pro-import-client', '@x/pro-import-enums']);
  }, 600_000);
});
