// Runs the named probes (probes/<name>.cjs) with CommonJS `require()`, each making real calls, and prints one JSON
// line per probe. The same probes run through runner.mjs with `import()`.
'use strict';

async function main() {
  for (const name of process.argv.slice(2)) {
    try {
      const probe = require(`./probes/${name}.cjs`);
      const detail = await probe(async (specifier) => require(specifier));
      console.log(JSON.stringify({ probe: name, ok: true, detail }));
    } catch (error) {
      console.log(JSON.stringify({ probe: name, ok: false, detail: error instanceof Error ? error.stack || error.message : String(error) }));
    }
  }
}

main();
