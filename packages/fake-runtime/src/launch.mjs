// The launcher of the fakes' commands (`bin/fake.mjs`, `bin/conformance.mjs` of each testkit). Plain JavaScript,
// because it runs before anything can compile TypeScript. In the monorepo (the package's tsconfig.json exists: it is
// not published) a command runs the TypeScript source with tsx, so there is no build to forget; workspace packages
// then resolve through their "@x/source" export condition, which a resolve hook adds in this very process. There is
// no second process: a signal sent to the command reaches the command, and killing it (even with SIGKILL) leaves
// nothing running behind it. A published install runs dist/.
import { register } from 'node:module';
import { existsSync } from 'node:fs';

/**
 * Runs `src/<entry>.ts` (in the repo) or `dist/<entry>.js` (installed) of the package whose command file is
 * `caller` (its `import.meta.url`, in the package's `bin/`) and exits with its `main(argv)`'s code, in the same
 * process (the "@x/source" condition is added by a module resolve hook, not by re-running node).
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
  let main;
  if (inRepo) {
    const { register: registerTsx } = await import('tsx/esm/api');
    registerTsx();
    // Registered after tsx, so it runs first and hands tsx a context that already has the condition.
    register(new URL('./source-condition.mjs', import.meta.url));
    ({ main } = await import(new URL(`../src/${entry}.ts`, caller).href));
  } else {
    ({ main } = await import(new URL(`../dist/${entry}.js`, caller).href));
  }
  process.exitCode = await main(process.argv.slice(2));
}
