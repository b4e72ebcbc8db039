#!/usr/bin/env node
// `marketplace-sync`, in one process: a signal sent to the command reaches the sync itself, and nothing runs on
// after it. In the monorepo (the package's tsconfig.json exists: it is not published) the TypeScript source runs
// through tsx's loader registered here, and workspace packages resolve through their "@x/source" export condition,
// which a resolve hook adds (no second node with --conditions); an installed package runs dist/.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const inRepo = existsSync(new URL('../tsconfig.json', import.meta.url));
let entry = new URL('../dist/cli/main.js', import.meta.url).href;
if (inRepo) {
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  // Registered after tsx, so it runs first and hands tsx a context that already has the condition.
  const hook = `export async function resolve(specifier, context, next) {
    return next(specifier, context.conditions.includes('@x/source') ? context : { ...context, conditions: ['@x/source', ...context.conditions] });
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  entry = new URL('../src/cli/main.ts', import.meta.url).href;
}
const { runCommand } = await import(entry);
process.exitCode = await runCommand(process.argv.slice(2));
