// Runs the named probes (probes/<name>.cjs) with ESM `import()`, each making real calls, and prints one JSON line
// per probe. The same probes run through runner.cjs with `require()`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
for (const name of process.argv.slice(2)) {
  try {
    const probe = require(`./probes/${name}.cjs`);
    const detail = await probe((specifier) => import(specifier));
    console.log(JSON.stringify({ probe: name, ok: true, detail }));
  } catch (error) {
    console.log(JSON.stringify({ probe: name, ok: false, detail: error instanceof Error ? error.stack ?? error.message : String(error) }));
  }
}
