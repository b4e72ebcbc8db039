import { defineConfig } from 'tsdown';

/** Entries: the library (`.`) and the CLI (`dist/cli/main.js`, run by `bin/sync.mjs` when installed). */
export default defineConfig({
  entry: { index: 'src/index.ts', 'cli/main': 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  fixedExtension: false,
  target: 'es2022',
  sourcemap: false,
  clean: true,
});
