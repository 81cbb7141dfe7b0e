import { defineConfig } from "tsup";
import base from "../../config/tsup.base";

/**
 * dist/bench.mjs (the table's process and, started again with --case, each measurement's own process) and the
 * profiles behind docs/PERFORMANCE.md's explanations (dist/profile-*.mjs):
 * our packages and their small dependencies are bundled in; tfjs, its backends and native addons (the CRC of
 * TensorBoard's event files) stay external and load from the workspace's node_modules.
 */
export default defineConfig({
  ...base,
  entry: {
    bench: "src/cli.ts",
    "profile-hooks": "src/profile/hook-wrappers.ts",
    "profile-checkpoint": "src/profile/checkpoint-copies.ts",
    "profile-fit": "src/profile/fit-step.ts",
  },
  format: ["esm"],
  dts: false,
  sourcemap: false,
  splitting: false,
  outExtension: () => ({ js: ".mjs" }),
  external: [/^@tensorflow\//, "webgpu", "@node-rs/crc32"],
  noExternal: [/^(?!@tensorflow\/|webgpu$|@node-rs\/crc32$)/],
  // bundled CommonJS dependencies (yaml, seedrandom) require Node's built-ins, which an ES module has no require for
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
});
