// Shared by the testkit's commands. In the monorepo (tsconfig.json present: it is not published) a command runs
// the TypeScript source with tsx, so there is no build to forget; workspace packages then resolve through their
// "@x/source" export condition. A published install runs dist/.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Runs `src/<entry>.ts` (in the repo) or `dist/<entry>.js` (installed) and exits with its `main`'s code.
 * `caller` is the command file's `import.meta.url`, re-run with the export condition when Node started without it.
 */
export async function launch(entry, caller) {
  const inRepo = existsSync(new URL('../tsconfig.json', import.meta.url));
  const hasCondition = process.execArgv.some((a) => a.includes('@x/source'));
  if (inRepo && !hasCondition) {
    // Node reads export conditions at start-up only: re-run the command with the condition, forwarding signals.
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
    ({ main } = await import(new URL(`../src/${entry}.ts`, import.meta.url).href));
  } else {
    ({ main } = await import(new URL(`../dist/${entry}.js`, import.meta.url).href));
  }
  process.exitCode = await main(process.argv.slice(2));
}
