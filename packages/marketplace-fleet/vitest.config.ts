import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript source ("@x/source"); everything else as Node resolves it (pg and
// pg-boss are CommonJS: an "import" condition would hand pg's require('pg-pool') the ESM build).
const conditions = ['@x/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    // One PostgreSQL server for the whole run (test/global-setup.ts); each file makes its own database in it.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
