import { defineConfig } from "tsup";
import base from "../config/tsup.base";

/**
 * A command-line tool and the training process it kills: two ESM entries, no declarations. The workspace's own
 * packages are bundled in, so a run of many minutes does not depend on their dist folders staying in place while
 * they are rebuilt.
 */
export default defineConfig({
  ...base,
  entry: ["src/cli.ts", "src/child.ts"],
  format: ["esm"],
  dts: false,
  noExternal: [/^@tfjs-trainer\//],
  // their own dependencies (tfjs, tapable, zod …) stay imports, resolved from node_modules as usual
  external: [/^[^./]/],
});
