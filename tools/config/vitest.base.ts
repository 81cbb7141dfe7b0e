import { defineConfig } from "vitest/config";

/** Every package's tests: test/**\/*.test.ts in forked processes (tfjs backends are per process). */
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 120_000, pool: "forks" },
});
