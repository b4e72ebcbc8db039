import { defineConfig } from 'tsdown';

/**
 * Entries: the fake (`.`), the msw face (`./msw`), the HTTP face (`./server`), and the two CLIs the bin scripts load
 * from `dist/cli/` when installed from the registry. ESM and CJS with declarations. Node only (node:http, node:crypto).
 */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    msw: 'src/msw.ts',
    server: 'src/server.ts',
    'cli/fake': 'src/cli/fake.ts',
    'cli/conformance': 'src/cli/conformance.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'es2022',
  sourcemap: false,
  clean: true,
  // .js for ESM and .cjs for CJS, matching the "exports" map (the package is "type": "module").
  fixedExtension: false,
});
