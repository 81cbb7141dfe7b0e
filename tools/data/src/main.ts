import { parseCliArgs } from "./args.js";
import { type WrittenSplit, writeSplits } from "./core/jsonl.js";
import type { BaselineFigure } from "./core/types.js";
import { datasetNamed } from "./datasets/index.js";

export interface RunResult {
  dataset: string;
  written: WrittenSplit[];
  baselines?: BaselineFigure[];
}

const format = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

/**
 * Writes one dataset's splits as JSONL and reports on `log` (stderr in the CLI) what was written and where it came
 * from; with --stats also the baselines, printed there and returned.
 */
export function run(argv: readonly string[], log: (line: string) => void = console.error): RunResult {
  const args = parseCliArgs(argv);
  const dataset = datasetNamed(args.dataset);
  const { splits, notes = [] } = dataset.build({ size: args.size, seed: args.seed });
  const written = writeSplits(args.out, splits);
  log(`${dataset.name} (${dataset.task}), size ${args.size}, seed ${args.seed}`);
  for (const w of written) log(`  ${w.path}: ${w.rows} rows, ${(w.bytes / 1e6).toFixed(2)} MB`);
  for (const note of notes) log(`  ${note}`);
  log(`  source: ${dataset.source.packages.join(", ")}`);
  log(`  license: ${dataset.source.license}`);
  if (!args.stats) return { dataset: dataset.name, written };
  const baselines = dataset.baselines(splits);
  log("  baselines on validation:");
  for (const b of baselines) log(`    ${b.name}: ${format(b.value)} (${b.unit})`);
  return { dataset: dataset.name, written, baselines };
}
