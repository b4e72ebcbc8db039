import { readdirSync } from 'node:fs';
import { defineConfig } from 'tsdown';

/** `src/index.ts` plus one entry per generated catalogue module, so `@x/pro-import-enums/car` is its own file. */
const generated = readdirSync('src/generated')
  .filter((file) => file.endsWith('.gen.ts') && file !== 'index.gen.ts')
  .sort();

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    ...Object.fromEntries(generated.map((file) => [file.slice(0, -'.gen.ts'.length), `src/generated/${file}`])),
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  platform: 'neutral',
});
