import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { exampleConfig, runCli, smokeOverrides, tinyDataset } from "../helpers/run-example.js";

const rowsOf = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { id: string; context: string });

describe("examples/question-answering (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates and prints the baseline", async () => {
    const data = tinyDataset("wordnet-qa");
    const overrides = smokeOverrides(data, ["train", "validation", "test"]);
    const output = overrides[overrides.indexOf("--output_dir") + 1];
    const config = exampleConfig("question-answering");
    const { code, lines } = await runCli(["train", "--config", config, ...overrides]);
    expect(code).toBe(0);
    for (const file of [
      "config.json",
      "model.safetensors",
      "tokenizer.json",
      "checkpoint-3/trainer_state.json",
    ]) {
      expect(existsSync(join(output, file)), file).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(output, "config.json"), "utf8")).architectures).toEqual([
      "BertForQuestionAnswering",
    ]);
    const evalResults = JSON.parse(readFileSync(join(output, "eval_results.json"), "utf8"));
    for (const metric of ["eval_exact_match", "eval_f1"]) {
      expect(evalResults[metric]).toBeGreaterThanOrEqual(0);
      expect(evalResults[metric]).toBeLessThanOrEqual(100);
    }
    expect(lines.some((line) => /^eval_f1: .* \(baseline, the context's first .*: /.test(line))).toBe(true);
    expect(
      lines.some((line) => /^baseline on validation, the context's first sentence: exact_match /.test(line)),
    ).toBe(true);
    expect(lines.some((line) => line.startsWith("TensorBoard logs: tensorboard --logdir "))).toBe(true);
    // run_qa's evaluation file: one answer per validation question, cut from its context
    const validation = rowsOf(join(data, "validation.jsonl"));
    const answers = JSON.parse(readFileSync(join(output, "eval_predictions.json"), "utf8"));
    expect(Object.keys(answers).sort()).toEqual(validation.map((row) => row.id).sort());
    for (const row of validation) expect(row.context).toContain(answers[row.id]);

    // The saved folder is a checkpoint the CLI can evaluate and predict with (model + tokenizer from it).
    const reuse = ["--model.name_or_path", output, "--tokenizer", "null", ...overrides];
    const before = tf.memory().numTensors;
    const evaluated = await runCli(["evaluate", "--config", config, ...reuse]);
    expect(evaluated.code).toBe(0);
    const reloaded = JSON.parse(readFileSync(join(output, "eval_results.json"), "utf8"));
    expect(reloaded.eval_f1).toBeCloseTo(evalResults.eval_f1, 4);
    const predicted = await runCli(["predict", "--config", config, ...reuse]);
    expect(predicted.code).toBe(0);
    const file = join(output, "predict_predictions.json");
    expect(predicted.lines).toContain(`predictions written to ${file}`);
    const test = rowsOf(join(data, "test.jsonl"));
    const predictions = JSON.parse(readFileSync(file, "utf8"));
    expect(Object.keys(predictions).sort()).toEqual(test.map((row) => row.id).sort());
    for (const row of test) expect(row.context).toContain(predictions[row.id]);
    const testResults = JSON.parse(readFileSync(join(output, "test_results.json"), "utf8"));
    expect(testResults.test_f1).toBeGreaterThanOrEqual(0);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  }, 120_000);
});
