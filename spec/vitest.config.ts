import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The reproducibility test runs the reconstruction in a child process.
    testTimeout: 60_000,
  },
});
