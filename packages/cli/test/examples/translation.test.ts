import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { corpusBleu } from "../../src/tasks/seq2seq/bleu.js";
import { exampleConfig, runCli, smokeOverrides, tinyDataset } from "../helpers/run-example.js";

const rows = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { translation: Record<string, string> });

describe("examples/translation (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates BLEU by generating and prints the copy baseline", async () => {
    const data = tinyDataset("translation");
    // an untrained model generates up to the limit: a short one keeps the three generating passes quick
    const overrides = [
      ...smokeOverrides(data, ["train", "validation", "test"]),
      "--generation_max_length",
      "16",
    ];
    const output = overrides[overrides.indexOf("--output_dir") + 1];
    const config = exampleConfig("translation");
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
    const evalResults = JSON.parse(readFileSync(join(output, "eval_results.json"), "utf8"));
    expect(evalResults.eval_bleu).toBeGreaterThanOrEqual(0);
    expect(evalResults.eval_bleu).toBeLessThanOrEqual(100);
    expect(evalResults.eval_gen_len).toBeGreaterThanOrEqual(0);
    // --generation_max_length reached generate(): max_length counts the decoder start token
    expect(evalResults.eval_gen_len).toBeLessThan(16);

    // the baseline printed beside BLEU is copying the source, scored against the targets
    const validation = rows(join(data, "validation.jsonl"));
    const expected = corpusBleu(
      validation.map((row) => row.translation.en),
      validation.map((row) => [row.translation["en-piglatin"]]),
    ).score;
    const printed = lines
      .map((line) => /^eval_bleu: \S+ \(baseline, copying the source: ([\d.]+); /.exec(line))
      .find((match) => match !== null);
    expect(printed).toBeDefined();
    expect(Number(printed![1])).toBeCloseTo(expected, 3);
    expect(lines.some((line) => line.startsWith("TensorBoard logs: tensorboard --logdir "))).toBe(true);

    // The saved folder is a checkpoint the CLI can evaluate and predict with (model + tokenizer from it).
    const reuse = ["--model.name_or_path", output, "--tokenizer", "null", ...overrides];
    const before = tf.memory().numTensors;
    expect((await runCli(["evaluate", "--config", config, ...reuse])).code).toBe(0);
    const predicted = await runCli(["predict", "--config", config, ...reuse]);
    expect(predicted.code).toBe(0);
    const generated = readFileSync(join(output, "generated_predictions.txt"), "utf8").split("\n");
    expect(generated).toHaveLength(rows(join(data, "test.jsonl")).length);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  }, 120_000);
});
