import { defineConfig } from "tsup";
import base from "../../config/tsup.base";

/**
 * Self-contained scripts (dist/bench.mjs, dist/trainer-parity.mjs, dist/profile-step.mjs) that run where only node_modules of tfjs and
 * Dawn exist (the GPU machine, see README): our packages and their small dependencies are bundled in; tfjs, its
 * backends and `webgpu` (a native addon) stay external and are the packages to name to pack.sh.
 */
export default defineConfig({
  ...base,
  entry: {
    bench: "src/cli.ts",
    "trainer-parity": "src/trainer-parity.ts",
    "profile-step": "src/profile-step.ts",
  },
  format: ["esm"],
  dts: false,
  sourcemap: false,
  splitting: false,
  outExtension: () => ({ js: ".mjs" }),
  external: [/^@tensorflow\//, "webgpu"],
  noExternal: [/^(?!@tensorflow\/|webgpu$)/],
  // bundled CommonJS dependencies (yaml, seedrandom) require Node's built-ins, which an ES module has no require for
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
});
