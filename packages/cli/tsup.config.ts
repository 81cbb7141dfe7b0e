import { defineConfig } from "tsup";

/** ESM only: the bin uses top-level await, and a CLI has no require() callers. */
export default defineConfig({
  entry: ["src/index.ts", "src/bin.ts"],
  format: ["esm"],
  dts: { entry: "src/index.ts" },
  clean: true,
  sourcemap: true,
  target: "node20",
});
