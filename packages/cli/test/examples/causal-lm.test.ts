import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { exampleConfig, runCli, smokeOverrides, tinyDataset } from "../helpers/run-example.js";

describe("examples/causal-lm (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates perplexity and prints the baseline", async () => {
    const data = tinyDataset("moby-dick");
    const overrides = smokeOverrides(data, ["train", "validation", "test"]);
    const output = overrides[overrides.indexOf("--output_dir") + 1];
    const { code, lines } = await runCli(["train", "--config", exampleConfig("causal-lm"), ...overrides]);
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
    expect(evalResults.eval_perplexity).toBeCloseTo(Math.exp(evalResults.eval_loss), 6);
    expect(evalResults.eval_accuracy).toBeGreaterThanOrEqual(0);
    expect(evalResults.eval_accuracy).toBeLessThanOrEqual(1);
    const baselineLine =
      /^eval_(perplexity|accuracy): .* \(baseline, unigram model of train's tokens .*: (\S+); /;
    const printed = lines.map((line) => baselineLine.exec(line)).filter((m) => m !== null);
    expect(printed.map((m) => m[1]).sort()).toEqual(["accuracy", "perplexity"]);
    const baselinePerplexity = Number(printed.find((m) => m[1] === "perplexity")![2]);
    expect(Number.isFinite(baselinePerplexity) && baselinePerplexity > 1).toBe(true);
    expect(lines.some((line) => line.startsWith("TensorBoard logs: tensorboard --logdir "))).toBe(true);

    // The saved folder is a checkpoint the CLI can evaluate with (model + tokenizer from it).
    const reuse = ["--model.name_or_path", output, "--tokenizer", "null", ...overrides];
    const before = tf.memory().numTensors;
    const evaluated = await runCli(["evaluate", "--config", exampleConfig("causal-lm"), ...reuse]);
    expect(evaluated.code).toBe(0);
    const again = JSON.parse(readFileSync(join(output, "eval_results.json"), "utf8"));
    // the same weights on the same blocks (no dropout in evaluation) give the same loss
    expect(again.eval_loss).toBeCloseTo(evalResults.eval_loss, 5);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  }, 120_000);
});
