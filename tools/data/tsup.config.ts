import { defineConfig } from "tsup";
import base from "../config/tsup.base";

/** A command-line tool: one ESM entry, no declarations. */
export default defineConfig({ ...base, entry: ["src/cli.ts"], format: ["esm"], dts: false });
