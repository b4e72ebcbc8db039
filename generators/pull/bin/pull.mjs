#!/usr/bin/env node
// Generators are TypeScript run from source; tsx compiles them on the fly so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  tty: process.stderr.isTTY ? process.stderr : undefined,
});
