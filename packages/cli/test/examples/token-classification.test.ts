import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { exampleConfig, runCli, smokeOverrides, tinyDataset } from "../helpers/run-example.js";

const UNIVERSAL_TAGS = new Set([
  "NOUN",
  "VERB",
  "ADJ",
  "ADV",
  "PRON",
  "DET",
  "ADP",
  "NUM",
  "CONJ",
  "PRT",
  "X",
  ".",
]);

describe("examples/token-classification (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates and prints the baseline", async () => {
    const data = tinyDataset("brown-pos");
    const overrides = smokeOverrides(data, ["train", "validation", "test"]);
    const output = overrides[overrides.indexOf("--output_dir") + 1];
    const config = exampleConfig("token-classification");
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
    const savedConfig = JSON.parse(readFileSync(join(output, "config.json"), "utf8"));
    expect(new Set(Object.values(savedConfig.id2label))).toEqual(UNIVERSAL_TAGS);
    const evalResults = JSON.parse(readFileSync(join(output, "eval_results.json"), "utf8"));
    expect(evalResults.eval_accuracy).toBeGreaterThanOrEqual(0);
    expect(evalResults.eval_accuracy).toBeLessThanOrEqual(1);
    // POS tags are not IOB chunks: no entity scores
    expect(evalResults.eval_f1).toBeUndefined();
    expect(
      lines.some((line) =>
        /^eval_accuracy: .* \(baseline, most frequent tag of each word in train .*: /.test(line),
      ),
    ).toBe(true);
    expect(lines.some((line) => /^baseline on validation, majority tag "\w+": accuracy /.test(line))).toBe(
      true,
    );
    expect(lines.some((line) => line.startsWith("TensorBoard logs: tensorboard --logdir "))).toBe(true);

    // The saved folder is a checkpoint the CLI can evaluate and predict with (model + tokenizer from it).
    const reuse = ["--model.name_or_path", output, "--tokenizer", "null", ...overrides];
    const before = tf.memory().numTensors;
    expect((await runCli(["evaluate", "--config", config, ...reuse])).code).toBe(0);
    const predicted = await runCli(["predict", "--config", config, ...reuse]);
    expect(predicted.code).toBe(0);
    // run_ner's predictions.txt: one line per test sentence, one tag per word the model saw
    const testRows = readFileSync(join(data, "test.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const predictions = readFileSync(join(output, "predictions.txt"), "utf8").trimEnd().split("\n");
    expect(predictions).toHaveLength(testRows.length);
    predictions.forEach((line, i) => {
      const tags = line.split(" ");
      expect(tags.length).toBeGreaterThan(0);
      expect(tags.length).toBeLessThanOrEqual(testRows[i].tokens.length);
      expect(tags.every((tag) => UNIVERSAL_TAGS.has(tag))).toBe(true);
    });
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  }, 120_000);
});
