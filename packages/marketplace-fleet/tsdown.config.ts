import { defineConfig } from 'tsdown';

/** Entries: the library (`.`), the CLI (`dist/cli/main.js`, run by `bin/fleet.mjs` when installed) and the throwaway local PostgreSQL. */
export default defineConfig({
  entry: { index: 'src/index.ts', 'cli/main': 'src/cli/main.ts', 'local-postgres': 'src/local-postgres.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  fixedExtension: false,
  target: 'es2022',
  sourcemap: false,
  clean: true,
});
