#!/usr/bin/env node
// `marketplace-sync`: in the monorepo (the package's tsconfig.json exists: it is not published) the TypeScript source
// runs with tsx, so there is no build to forget, and workspace packages resolve through their "@x/source" condition;
// an installed package runs dist/. Node reads export conditions at start-up only, hence the re-run with them.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const inRepo = existsSync(new URL('../tsconfig.json', import.meta.url));
if (inRepo && !process.execArgv.some((a) => a.includes('@x/source'))) {
  const child = spawn(process.execPath, ['--conditions=@x/source', '--import', import.meta.resolve('tsx'), fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const { main } = await import(inRepo ? new URL('../src/cli/main.ts', import.meta.url).href : new URL('../dist/cli/main.js', import.meta.url).href);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  process.once('SIGTERM', () => controller.abort(new Error('terminated')));
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.exitCode = await main(process.argv.slice(2), { signal: controller.signal, version });
}
