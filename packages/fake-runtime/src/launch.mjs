// The launcher of the fakes' commands (`bin/fake.mjs`, `bin/conformance.mjs` of each testkit). Plain JavaScript,
// because it runs before anything can compile TypeScript. In the monorepo (the package's tsconfig.json exists: it is
// not published) a command runs the TypeScript source with tsx, so there is no build to forget; workspace packages
// then resolve through their "@x/source" export condition. A published install runs dist/.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Runs `src/<entry>.ts` (in the repo) or `dist/<entry>.js` (installed) of the package whose command file is
 * `caller` (its `import.meta.url`, in the package's `bin/`) and exits with its `main(argv)`'s code. Node reads
 * export conditions at start-up only, so without `--conditions=@x/source` the command is re-run with it, forwarding
 * SIGINT and SIGTERM.
 *
 * @example
 * // bin/fake.mjs
 * import { launch } from '@x/fake-runtime/launch';
 * await launch('cli/fake', import.meta.url);
 *
 * @param {string} entry
 * @param {string} caller
 * @returns {Promise<void>}
 */
export async function launch(entry, caller) {
  const inRepo = existsSync(new URL('../tsconfig.json', caller));
  const hasCondition = process.execArgv.some((a) => a.includes('@x/source'));
  if (inRepo && !hasCondition) {
    const child = spawn(process.execPath, ['--conditions=@x/source', fileURLToPath(caller), ...process.argv.slice(2)], {
      stdio: 'inherit',
    });
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    return;
  }
  let main;
  if (inRepo) {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import(new URL(`../src/${entry}.ts`, caller).href));
  } else {
    ({ main } = await import(new URL(`../dist/${entry}.js`, caller).href));
  }
  process.exitCode = await main(process.argv.slice(2));
}
