import { readdirSync } from 'node:fs';
import { defineConfig } from 'tsdown';

/**
 * Entries: the client (`.`), the runtime and namespaces without the whole client (`./core`, which never imports a
 * validator), the validators index (`./validators`) and one entry per generated validators module
 * (`./validators/<type>` -> `dist/validators/<type>.js`), ESM and CJS, each with its declarations. The client's
 * lazy `import()` of a type's validators becomes a shared chunk, so a bundle loads only the types it validates.
 */
function validatorEntries(): Record<string, string> {
  const dir = 'src/generated/validators';
  const entries: Record<string, string> = {};
  for (const file of readdirSync(dir).sort()) {
    const name = /^(.+)\.gen\.ts$/.exec(file)?.[1];
    // index.gen.ts is re-exported by src/validators/index.ts, the `./validators` entry.
    if (name === undefined || name === 'index') continue;
    entries[`validators/${name}`] = `${dir}/${file}`;
  }
  return entries;
}

export default defineConfig({
  entry: { index: 'src/index.ts', core: 'src/core.ts', 'validators/index': 'src/validators/index.ts', ...validatorEntries() },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  sourcemap: false,
  clean: true,
});
