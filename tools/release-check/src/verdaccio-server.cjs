// Runs Verdaccio from the prefix it was installed into, on 127.0.0.1 and a free port, and prints that port as the
// first line of stdout. Started by registry.ts as a child process with the Node that runs the check; plain
// CommonJS so that it runs without a TypeScript loader. Usage: node verdaccio-server.cjs <prefix> <config.yaml>
'use strict';
const { createRequire } = require('node:module');
const { join } = require('node:path');

async function main() {
  const [prefix, config] = process.argv.slice(2);
  if (prefix === undefined || config === undefined) throw new Error('usage: verdaccio-server.cjs <prefix> <config.yaml>');
  const { runServer } = createRequire(join(prefix, 'package.json'))('verdaccio');
  const server = await runServer(config);
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${server.address().port}\n`);
  });
  // The parent ends the registry by closing this pipe (or by a signal): nothing is left behind if it dies.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

main().catch((error) => {
  process.stderr.write(`verdaccio: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
