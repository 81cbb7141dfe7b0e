import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { exampleConfig, runCli, smokeOverrides, tinyDataset } from "../helpers/run-example.js";

describe("examples/masked-lm (smoke: tiny data, 3 steps)", () => {
  it("trains, checkpoints the masking stream, evaluates perplexity and prints the baseline", async () => {
    const data = tinyDataset("sotu");
    // the tiny split has too little text for the example's 2000 WordPiece entries
    const overrides = [
      ...smokeOverrides(data, ["train", "validation", "test"]),
      "--tokenizer.train.vocab_size",
      "500",
    ];
    const output = overrides[overrides.indexOf("--output_dir") + 1];
    const { code, lines } = await runCli(["train", "--config", exampleConfig("masked-lm"), ...overrides]);
    expect(code).toBe(0);
    for (const file of [
      "config.json",
      "model.safetensors",
      "tokenizer.json",
      "checkpoint-3/trainer_state.json",
    ]) {
      expect(existsSync(join(output, file)), file).toBe(true);
    }
    // the masks are drawn from the collator's seeded stream, which the checkpoint keeps for a resume
    const rng = JSON.parse(readFileSync(join(output, "checkpoint-3/rng_state.json"), "utf8"));
    expect(rng.collator).toMatchObject({ algorithm: "alea" });
    expect(rng.collator).not.toEqual(rng.trainer);

    const evalResults = JSON.parse(readFileSync(join(output, "eval_results.json"), "utf8"));
    expect(evalResults.eval_perplexity).toBeCloseTo(Math.exp(evalResults.eval_loss), 6);
    expect(evalResults.eval_accuracy).toBeGreaterThanOrEqual(0);
    expect(evalResults.eval_accuracy).toBeLessThanOrEqual(1);
    const baselineLine = /^eval_(perplexity|accuracy): .* \(baseline, unigram model of train's tokens /;
    const printed = lines.map((line) => baselineLine.exec(line)?.[1]).filter((name) => name !== undefined);
    expect(printed.sort()).toEqual(["accuracy", "perplexity"]);

    // The saved folder evaluates line by line too (each text one padded example instead of grouped blocks).
    const reuse = [
      "--model.name_or_path",
      output,
      "--tokenizer",
      "null",
      ...overrides,
      "--data.line_by_line",
      "true",
    ];
    const before = tf.memory().numTensors;
    const evaluated = await runCli(["evaluate", "--config", exampleConfig("masked-lm"), ...reuse]);
    expect(evaluated.code).toBe(0);
    const rows = readFileSync(join(data, "validation.jsonl"), "utf8").trim().split("\n").length;
    expect(evaluated.lines).toContain(
      `data.validation_file: ${rows} texts, one example each (at most 128 tokens)`,
    );
    const lineByLine = JSON.parse(readFileSync(join(output, "eval_results.json"), "utf8"));
    expect(lineByLine.eval_perplexity).toBeCloseTo(Math.exp(lineByLine.eval_loss), 6);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  }, 120_000);
});
