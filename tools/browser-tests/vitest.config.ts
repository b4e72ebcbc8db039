import { defineConfig } from 'vitest/config';

const conditions = ['@x/source', 'import', 'default'];

/**
 * One browser per test file, files one after the other (the machine is shared; a browser is heavy): the rest of
 * `pnpm test` never starts Chromium.
 */
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
