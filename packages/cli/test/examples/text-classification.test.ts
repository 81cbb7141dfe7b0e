import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { exampleConfig, runCli, smokeOverrides, tinyDataset } from "../helpers/run-example.js";

describe("examples/text-classification (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates and prints the baseline", async () => {
    const data = tinyDataset("sentiment");
    const overrides = smokeOverrides(data, ["train", "validation", "test"]);
    const output = overrides[overrides.indexOf("--output_dir") + 1];
    const { code, lines } = await runCli([
      "train",
      "--config",
      exampleConfig("text-classification"),
      ...overrides,
    ]);
    expect(code).toBe(0);
    for (const file of [
      "config.json",
      "model.safetensors",
      "tokenizer.json",
      "checkpoint-3/trainer_state.json",
    ]) {
      expect(existsSync(join(output, file)), file).toBe(true);
    }
    const evalResults = JSON.parse(readFileSync(join(output, "eval_results.json"), "utf8"));
    expect(evalResults.eval_accuracy).toBeGreaterThanOrEqual(0);
    expect(lines.some((line) => /^eval_accuracy: .* \(baseline, majority class ".*": /.test(line))).toBe(
      true,
    );
    expect(lines.some((line) => line.startsWith("TensorBoard logs: tensorboard --logdir "))).toBe(true);

    // The saved folder is a checkpoint the CLI can evaluate and predict with (model + tokenizer from it).
    const reuse = ["--model.name_or_path", output, "--tokenizer", "null", ...overrides];
    const before = tf.memory().numTensors;
    expect(
      (await runCli(["evaluate", "--config", exampleConfig("text-classification"), ...reuse])).code,
    ).toBe(0);
    const predicted = await runCli(["predict", "--config", exampleConfig("text-classification"), ...reuse]);
    expect(predicted.code).toBe(0);
    const predictions = readFileSync(join(output, "predict_results.txt"), "utf8").trim().split("\n");
    expect(predictions[0]).toBe("index\tprediction");
    expect(predictions.slice(1).every((line) => /^\d+\t(negative|positive)$/.test(line))).toBe(true);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  }, 120_000);
});
