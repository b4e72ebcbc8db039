import { defineConfig } from 'vitest/config';

// The real-spec tests load and validate the whole snapshot and generate every module: seconds, not milliseconds.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } });
