import { defineConfig } from 'tsdown';

/**
 * Entries: the runtime (`.`) and the msw face (`./msw`, separate so the main entry never imports msw, an optional
 * peer). ESM and CJS with declarations. Node only (node:http, node:crypto, node:fs). `./launch` is plain JavaScript
 * shipped from `src/` as is: it runs before anything can compile TypeScript.
 */
export default defineConfig({
  entry: { index: 'src/index.ts', msw: 'src/msw.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'es2022',
  sourcemap: false,
  clean: true,
  // .js for ESM and .cjs for CJS, matching the "exports" map (the package is "type": "module").
  fixedExtension: false,
});
