import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/main.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/** The repository's examples/<name>/config.yaml. */
export function exampleConfig(name: string): string {
  return join(root, "examples", name, "config.yaml");
}

/** Writes a tools/data dataset at its tiny size into a temporary folder (train/validation/test.jsonl). */
export function tinyDataset(dataset: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${dataset}-`));
  execFileSync("node", [join(root, "tools/data/dist/cli.js"), dataset, "--out", dir, "--size", "tiny"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return dir;
}

/** What one in-process run of the CLI gave: its exit code and every line it printed. */
export interface CliRun {
  code: number;
  lines: string[];
}

/** Runs the CLI in-process; returns its exit code and every line it printed. */
export async function runCli(argv: string[]): Promise<CliRun> {
  const lines: string[] = [];
  const code = await main(argv, (line) => lines.push(line));
  return { code, lines };
}

/**
 * Overrides that make an example's config a smoke test: the tiny data, a few steps with one evaluation and one
 * checkpoint at the end (so plugins that need evaluations, like early stopping, run), no progress bars, output in a
 * temporary folder, which is returned beside them.
 */
export function smokeOverrides(
  dataDir: string,
  splits: readonly string[],
  steps = 3,
): { overrides: string[]; output: string } {
  const output = mkdtempSync(join(tmpdir(), "example-out-"));
  const files = splits.flatMap((split) => [`--data.${split}_file`, join(dataDir, `${split}.jsonl`)]);
  const overrides = [
    ...files,
    "--output_dir",
    output,
    "--max_steps",
    String(steps),
    "--eval_strategy",
    "steps",
    "--eval_steps",
    String(steps),
    "--save_strategy",
    "steps",
    "--save_steps",
    String(steps),
    "--logging_steps",
    "1",
    "--load_best_model_at_end",
    "false",
    "--disable_tqdm",
    "true",
  ];
  return { overrides, output };
}
