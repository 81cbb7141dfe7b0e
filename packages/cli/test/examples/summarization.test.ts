import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { meanRouge } from "../../src/tasks/seq2seq/rouge.js";
import { exampleConfig, runCli, smokeOverrides, tinyDataset } from "../helpers/run-example.js";

const ROUGE = ["rouge1", "rouge2", "rougeL", "rougeLsum"];
const rows = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { document: string; summary: string });

describe("examples/summarization (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates by generating and prints the copy baseline", async () => {
    const data = tinyDataset("summarization");
    // an untrained model generates up to the limit: a short one keeps the three generating passes quick
    const overrides = [
      ...smokeOverrides(data, ["train", "validation", "test"]),
      "--generation_max_length",
      "16",
    ];
    const output = overrides[overrides.indexOf("--output_dir") + 1];
    const config = exampleConfig("summarization");
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
    // predict_with_generate came from the config's top level (Seq2SeqTrainingArguments) into training_args.json
    expect(
      JSON.parse(readFileSync(join(output, "checkpoint-3/training_args.json"), "utf8")).predict_with_generate,
    ).toBe(true);
    const evalResults = JSON.parse(readFileSync(join(output, "eval_results.json"), "utf8"));
    for (const name of ROUGE) {
      expect(evalResults[`eval_${name}`], name).toBeGreaterThanOrEqual(0);
      expect(evalResults[`eval_${name}`], name).toBeLessThanOrEqual(100);
    }
    expect(evalResults.eval_gen_len).toBeGreaterThanOrEqual(0);
    // --generation_max_length reached generate(): max_length counts the decoder start token
    expect(evalResults.eval_gen_len).toBeLessThan(16);

    // the baseline printed beside each metric is copying the document, scored against the references
    const validation = rows(join(data, "validation.jsonl"));
    const expected = meanRouge(
      validation.map((row) => row.document),
      validation.map((row) => row.summary),
    );
    for (const name of ROUGE) {
      const line = lines.find((l) => l.startsWith(`eval_${name}: `));
      const printed = /\(baseline, copying the text: ([\d.]+); /.exec(line ?? "");
      expect(printed, `eval_${name} line`).not.toBeNull();
      expect(Number(printed![1])).toBeCloseTo(expected[name as keyof typeof expected], 3);
    }
    expect(expected.rouge1).toBeGreaterThan(0);
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
