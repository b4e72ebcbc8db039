import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@x/source', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@x/source', 'import', 'default'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
