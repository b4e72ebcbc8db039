// Tree-shaking of the built package, as an app's bundler sees it: esbuild bundles small apps from dist/ for the
// browser (minified, code splitting on, as real builds do) and this checks what each bundle carries.
// - the listings namespace from `./core`: the listing paths and nothing of imprints, media (the upload) or
//   publications, no validator chunk, no zod;
// - the same with `validate: kleinanzeigenValidator()`: then the validator chunks are there;
// - the whole client: every namespace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kleinanzeigen-bundle-'));

async function bundle(name, source) {
  const entry = join(dir, `${name}.js`);
  writeFileSync(entry, source.replaceAll('@x/kleinanzeigen-client/core', join(dist, 'core.js')).replaceAll('@x/kleinanzeigen-client', join(dist, 'index.js')));
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', splitting: true, outdir: join(dir, 'out'), write: false, logLevel: 'error', metafile: true });
  return { files: result.outputFiles.length, text: result.outputFiles.map((file) => file.text).join('\n'), inputs: Object.keys(result.metafile.inputs) };
}

/** The namespaces whose paths a bundle contains. */
function namespacesIn(text) {
  const found = new Set();
  for (const match of text.matchAll(/["'`](\/v1\/[^"'`]*)["'`]/g)) {
    const path = match[1];
    found.add(path.startsWith('/v1/imprints') ? 'imprints' : path.startsWith('/v1/media') || path.includes('/media') ? 'media' : path.includes('/publications') ? 'publications' : 'listings');
  }
  return [...found].sort();
}

function check(condition, message) {
  if (!condition) throw new Error(`bundle check: ${message}`);
}

try {
  const listingsApp = `
    import { ListingsNamespace, createKleinanzeigenRuntime } from '@x/kleinanzeigen-client/core';
    export async function run(clientId, clientSecret, uuid) {
      const listings = new ListingsNamespace(createKleinanzeigenRuntime({ clientId, clientSecret }));
      return listings.get(uuid);
    }`;
  const listings = await bundle('listings', listingsApp);
  check(namespacesIn(listings.text).join() === 'listings', `the listings-only app carries the paths of ${namespacesIn(listings.text).join(', ')}`);
  check(listings.files === 1, `the listings-only app emits ${listings.files - 1} chunks besides its entry (a validator loader is in it)`);
  check(!listings.inputs.some((file) => file.includes('/zod/')), 'the listings-only app bundles zod');

  const validating = await bundle(
    'listings-validating',
    `import { kleinanzeigenValidator } from '@x/kleinanzeigen-client';\n${listingsApp.replace('createKleinanzeigenRuntime({ clientId, clientSecret })', 'createKleinanzeigenRuntime({ clientId, clientSecret, validate: kleinanzeigenValidator() })')}`,
  );
  check(validating.files > 1 && validating.inputs.some((file) => file.includes('/zod/')), 'with validate: kleinanzeigenValidator() the validators are not in the bundle');

  const whole = await bundle(
    'whole',
    `import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
     export const run = (clientId, clientSecret, uuid) => createKleinanzeigenClient({ clientId, clientSecret }).listings.get(uuid);`,
  );
  check(namespacesIn(whole.text).join() === 'imprints,listings,media,publications', `the whole client carries only ${namespacesIn(whole.text).join(', ')}`);
  console.log(`bundles: the listings app from ./core carries ${namespacesIn(listings.text).join(', ')} only, no chunk and no zod; with validation ${validating.files - 1} chunks; the whole client ${namespacesIn(whole.text).join(', ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
