#!/usr/bin/env node
// `marketplace-fleet`: in the monorepo (the package's tsconfig.json exists: it is not published) the TypeScript source
// runs with tsx and workspace packages resolve through their "@x/source" condition; an installed package runs dist/.
// The root script (`pnpm fleet`) starts node with both already, so a worker is one process that gets the signals.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const inRepo = existsSync(new URL('../tsconfig.json', import.meta.url));
const withSource = process.execArgv.some((a) => a.includes('@x/source')) || (process.env.NODE_OPTIONS ?? '').includes('@x/source');
if (inRepo && !withSource) {
  const child = spawn(process.execPath, ['--conditions=@x/source', '--import', import.meta.resolve('tsx'), fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const { main } = await import(inRepo ? new URL('../src/cli/main.ts', import.meta.url).href : new URL('../dist/cli/main.js', import.meta.url).href);
  const stop = new AbortController();
  const kill = new AbortController();
  const onSignal = () => (stop.signal.aborted ? kill.abort() : stop.abort());
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Started by a package manager (`pnpm fleet worker`, whose script execs node, so pnpm forwards SIGINT/SIGTERM):
  // when pnpm itself is killed with SIGKILL it can forward nothing, and this process is handed to another parent.
  // Then it stops as on SIGTERM rather than go on orphaned.
  if (process.env.npm_execpath !== undefined) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent && !stop.signal.aborted) stop.abort();
    }, 500).unref();
  }
  process.exitCode = await main(process.argv.slice(2), { stop: stop.signal, kill: kill.signal });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
