// Tree-shaking of the built package, as an app's bundler sees it: esbuild bundles small apps from dist/ for the
// browser (minified, code splitting on, as real builds do) and this checks what each bundle carries.
// - the car namespace from `./core`: the car paths and nothing of the other resources, no validator chunk, no zod;
// - the same with `validate: proImportValidator()`: then the validator chunks are there;
// - the whole client: every resource (what `./core` saves).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pro-import-bundle-'));

async function bundle(name, source) {
  const entry = join(dir, `${name}.js`);
  // The apps import the built files by path: the same modules `@x/pro-import-client/core` resolves to.
  writeFileSync(entry, source.replaceAll('@x/pro-import-client/core', join(dist, 'core.js')).replaceAll('@x/pro-import-client', join(dist, 'index.js')));
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', splitting: true, outdir: join(dir, 'out'), write: false, logLevel: 'error', metafile: true });
  const text = result.outputFiles.map((file) => file.text).join('\n');
  const inputs = Object.keys(result.metafile.inputs);
  return { files: result.outputFiles.length, text, inputs };
}

/** The resources whose paths a bundle contains: `/v4/car/...` -> `car`, `/v3/ad` -> `v3`. */
function resourcesIn(text) {
  const found = new Set();
  for (const match of text.matchAll(/["'`]\/(v[34])\/([a-z_-]+)/g)) found.add(match[1] === 'v3' ? 'v3' : match[2]);
  return [...found].sort();
}

function check(condition, message) {
  if (!condition) throw new Error(`bundle check: ${message}`);
}

try {
  const carApp = `
    import { CarNamespace, createProImportRuntime } from '@x/pro-import-client/core';
    export async function run(token, ad) {
      const car = new CarNamespace(createProImportRuntime({ token }));
      await car.create(ad);
      return car.get(ad.source_id);
    }`;
  const car = await bundle('car', carApp);
  check(JSON.stringify(resourcesIn(car.text)) === '["car"]', `the car-only app carries the paths of ${resourcesIn(car.text).join(', ')}`);
  check(car.files === 1, `the car-only app emits ${car.files - 1} chunks besides its entry (a validator loader is in it)`);
  check(!car.inputs.some((file) => file.includes('/zod/')), 'the car-only app bundles zod');
  check(!car.inputs.some((file) => /validators?\//.test(file.replace(/\\/g, '/').replace(dist, ''))), 'the car-only app bundles a validator module');

  const validating = await bundle(
    'car-validating',
    `import { proImportValidator } from '@x/pro-import-client';\n${carApp.replace('createProImportRuntime({ token })', 'createProImportRuntime({ token, validate: proImportValidator() })')}`,
  );
  check(validating.files > 1 && validating.inputs.some((file) => file.includes('/zod/')), 'with validate: proImportValidator() the validators are not in the bundle');
  check(resourcesIn(validating.text).includes('car'), 'the validating app lost the car paths');

  const whole = await bundle(
    'whole',
    `import { createProImportClient } from '@x/pro-import-client';
     export const run = (token, ad) => createProImportClient({ token }).car.create(ad);`,
  );
  check(resourcesIn(whole.text).length >= 19, `the whole client carries only ${resourcesIn(whole.text).join(', ')}`);
  console.log(`bundles: the car app from ./core carries ${resourcesIn(car.text).join(', ')} only, no chunk and no zod; with validation ${validating.files - 1} chunks; the whole client ${resourcesIn(whole.text).length} resources`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
