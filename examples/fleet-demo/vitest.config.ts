import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their source; pg (CommonJS) as Node resolves it.
const conditions = ['@x/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 240_000 },
});
