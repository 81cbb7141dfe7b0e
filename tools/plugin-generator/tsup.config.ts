import { defineConfig } from "tsup";
import base from "../config/tsup.base";

/**
 * nx loads a generator with require(): one CommonJS entry, import.meta.url shimmed (the templates are found
 * relative to it). @nx/devkit stays external: it must be the workspace's, the one that matches its nx.
 */
export default defineConfig({
  ...base,
  entry: ["src/generator.ts"],
  format: ["cjs"],
  dts: false,
  shims: true,
  external: ["@nx/devkit", "nx"],
});
