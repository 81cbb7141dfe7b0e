import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";
import { type CliRun, runCli } from "./run-example.js";
import type { TrainedExample } from "./train-example.js";

/**
 * Checks that a trained example's output folder is a checkpoint the CLI can evaluate and predict with: runs
 * `evaluate` and then (unless `predict` is false) `predict` with the model (and, where `savedTokenizer`, the
 * tokenizer: `--tokenizer null`) loaded from that folder, the training run's overrides and then `extraOverrides`.
 * Each must exit 0 and leave no more tensors than there were before it (or than `tensorsBefore`, where given).
 */
export async function reuseSavedModel(
  trained: TrainedExample,
  options: {
    predict?: boolean;
    savedTokenizer?: boolean;
    extraOverrides?: readonly string[];
    tensorsBefore?: number;
  } = {},
): Promise<{ evaluated: CliRun; predicted?: CliRun }> {
  const { predict = true, savedTokenizer = true, extraOverrides = [] } = options;
  const reuse = [
    "--model.name_or_path",
    trained.output,
    ...(savedTokenizer ? ["--tokenizer", "null"] : []),
    ...trained.overrides,
    ...extraOverrides,
  ];
  const before = options.tensorsBefore ?? tf.memory().numTensors;
  const evaluated = await runCli(["evaluate", "--config", trained.configFile, ...reuse]);
  expect(evaluated.code).toBe(0);
  let predicted: CliRun | undefined;
  if (predict) {
    predicted = await runCli(["predict", "--config", trained.configFile, ...reuse]);
    expect(predicted.code).toBe(0);
  }
  expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  return { evaluated, predicted };
}
