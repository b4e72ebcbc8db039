import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { releaseCheck, renderReport } from './check.js';
import { RUNTIMES, type RuntimeName } from './packages.js';
import { findRoot } from './workspace.js';

const USAGE = `usage: pnpm release:check [options]

Rehearses a release in a scratch copy (changeset version, build, changeset publish to a throwaway local
registry), checks every published tarball, then installs the kit by version in a fresh project outside the
repository and runs it: ESM and CJS with real calls to the fakes, tsc under node16 and bundler resolution,
npx marketplace-sync and npx marketplace-fleet, the msw handlers in vitest, on each runtime.

options:
  --runtimes <list>   comma-separated, from ${RUNTIMES.map((r) => r.name).join(', ')} (default: all)
  --no-build          reuse the packages' dist/ instead of building after versioning
  --no-consumer       stop after the published tarballs are checked
  --serve             keep the registry running afterwards (Ctrl-C stops it) to try the kit from it
  --keep              leave the scratch copy, registry storage and consumer project on disk
  --tools <dir>       where Verdaccio and the runtimes are installed once
                      (default: $RELEASE_CHECK_TOOLS, else .ci/.tools/release-check)`;

/**
 * `pnpm release:check`: returns the exit code (0 all passed, 1 something failed, 2 bad usage).
 *
 * @example
 * process.exitCode = await main(['--runtimes', 'node20']);
 */
export async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv.filter((arg) => arg !== '--'),
      options: {
        runtimes: { type: 'string' },
        'no-build': { type: 'boolean' },
        'no-consumer': { type: 'boolean' },
        serve: { type: 'boolean' },
        keep: { type: 'boolean' },
        tools: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`release-check: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  const names = values.runtimes === undefined ? RUNTIMES.map((r) => r.name) : values.runtimes.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !RUNTIMES.some((r) => r.name === n));
  if (unknown.length > 0) {
    console.error(`release-check: unknown runtime ${unknown.join(', ')}: use ${RUNTIMES.map((r) => r.name).join(', ')}`);
    return 2;
  }
  const repo = findRoot(process.env.INIT_CWD ?? process.cwd());
  const started = Date.now();
  const report = await releaseCheck({
    repo,
    toolsDir: values.tools ?? process.env.RELEASE_CHECK_TOOLS ?? join(repo, '.ci', '.tools', 'release-check'),
    build: values['no-build'] !== true,
    consumer: values['no-consumer'] !== true,
    runtimes: names as RuntimeName[],
    keep: values.keep === true,
    log: (line) => console.log(`==> [${Math.round((Date.now() - started) / 1000)} s] ${line}`),
    ...(values.serve === true
      ? {
          serve: async (registry) => {
            console.log(`\nThe registry at ${registry.url} serves this rehearsal's packages until Ctrl-C. In a project:`);
            console.log(`  echo "@x:registry=${registry.url}" >> .npmrc && npm install @x/pro-import-client`);
            await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
          },
        }
      : {}),
  });
  for (const line of renderReport(report)) console.log(line);
  console.log(`release-check took ${Math.round((Date.now() - started) / 1000)} s`);
  return report.ok ? 0 : 1;
}
