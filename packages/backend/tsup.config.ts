import { defineConfig } from "tsup";
import base from "../../tools/config/tsup.base";

/**
 * The package, plus the data-parallel gradient worker as a file of its own: worker_threads start it by URL
 * (src/parallel/worker-url.ts finds it next to the bundle).
 */
export default defineConfig({
  ...base,
  entry: { index: "src/index.ts", "parallel-gradient-worker": "src/parallel/gradient-worker.ts" },
});
