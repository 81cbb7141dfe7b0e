import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { readJson } from "./read-json.js";
import { exampleConfig, runCli, smokeOverrides, tinyDataset } from "./run-example.js";

/** What a smoke training run of an example left for the test to check further. */
export interface TrainedExample {
  /** The folder of the tiny dataset (train/validation/test.jsonl). */
  data: string;
  /** The example's config.yaml. */
  configFile: string;
  /** The run's output folder: the saved model, its checkpoints and results. */
  output: string;
  /** Every override the run was given (the smoke ones, then the test's own). */
  overrides: string[];
  /** Every line `train` printed. */
  lines: string[];
  /** The output folder's eval_results.json. */
  evalResults: Record<string, number>;
}

/** What an example saves with a tokenizer: the model, its config, the tokenizer and the checkpoint at step 3. */
export const SAVED_WITH_TOKENIZER = [
  "config.json",
  "model.safetensors",
  "tokenizer.json",
  "checkpoint-3/trainer_state.json",
] as const;

/**
 * Trains examples/<example> as a smoke test (its tiny dataset, train/validation/test, 3 steps; see
 * `smokeOverrides`), with `extraOverrides` after the smoke ones, and checks what every example's training does: it
 * exits 0, saves `savedFiles` in the output folder and prints the command that opens its TensorBoard logs.
 */
export async function trainExample(options: {
  example: string;
  dataset: string;
  extraOverrides?: readonly string[];
  savedFiles?: readonly string[];
}): Promise<TrainedExample> {
  const { example, dataset, extraOverrides = [], savedFiles = SAVED_WITH_TOKENIZER } = options;
  const data = tinyDataset(dataset);
  const smoke = smokeOverrides(data, ["train", "validation", "test"]);
  const overrides = [...smoke.overrides, ...extraOverrides];
  const output = smoke.output;
  const configFile = exampleConfig(example);
  const { code, lines } = await runCli(["train", "--config", configFile, ...overrides]);
  expect(code).toBe(0);
  for (const file of savedFiles) {
    expect(existsSync(join(output, file)), file).toBe(true);
  }
  expect(lines.some((line) => line.startsWith("TensorBoard logs: tensorboard --logdir "))).toBe(true);
  const evalResults = readJson(join(output, "eval_results.json"));
  return { data, configFile, output, overrides, lines, evalResults };
}
