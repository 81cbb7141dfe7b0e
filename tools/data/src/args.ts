import { parseArgs } from "node:util";
import type { DatasetSize } from "./core/types.js";

export interface CliArgs {
  dataset: string;
  out: string;
  size: DatasetSize;
  seed: number;
  stats: boolean;
}

export const USAGE =
  "usage: node tools/data/dist/cli.js <dataset> --out <dir> [--size tiny|default] [--seed 42] [--stats]";

/** Parses the command line; a bad value fails naming the option. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: "string" },
      size: { type: "string", default: "default" },
      seed: { type: "string", default: "42" },
      stats: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  if (positionals.length !== 1)
    throw new Error(`expected one dataset name, got ${positionals.length}\n${USAGE}`);
  if (!values.out) throw new Error(`--out <dir> is required\n${USAGE}`);
  if (values.size !== "tiny" && values.size !== "default")
    throw new Error(`--size must be "tiny" or "default", got "${values.size}"`);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  return { dataset: positionals[0], out: values.out, size: values.size, seed, stats: values.stats };
}
