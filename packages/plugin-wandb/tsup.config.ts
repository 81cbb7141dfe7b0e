import { defineConfig } from "tsup";
import base from "../../tools/config/tsup.base";

/** The shared build, plus the sync command's entry (the package's bin). */
export default defineConfig({
  ...(base as object),
  entry: ["src/index.ts", "src/sync-cli.ts"],
});
