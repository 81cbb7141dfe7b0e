import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJson, readJsonl } from "../helpers/read-json.js";
import { reuseSavedModel } from "../helpers/reuse-saved-model.js";
import { trainExample } from "../helpers/train-example.js";

describe("examples/masked-lm (smoke: tiny data, 3 steps)", () => {
  it("trains, checkpoints the masking stream, evaluates perplexity and prints the baseline", async () => {
    const trained = await trainExample({
      example: "masked-lm",
      dataset: "sotu",
      // the tiny split has too little text for the example's 2000 WordPiece entries
      extraOverrides: ["--tokenizer.train.vocab_size", "500"],
    });
    const { data, output, lines, evalResults } = trained;
    // the masks are drawn from the collator's seeded stream, which the checkpoint keeps for a resume
    const rng = readJson(join(output, "checkpoint-3/rng_state.json"));
    expect(rng.collator).toMatchObject({ algorithm: "alea" });
    expect(rng.collator).not.toEqual(rng.trainer);

    expect(evalResults.eval_perplexity).toBeCloseTo(Math.exp(evalResults.eval_loss), 6);
    expect(evalResults.eval_accuracy).toBeGreaterThanOrEqual(0);
    expect(evalResults.eval_accuracy).toBeLessThanOrEqual(1);
    const baselineLine = /^eval_(perplexity|accuracy): .* \(baseline, unigram model of train's tokens /;
    const printed = lines.map((line) => baselineLine.exec(line)?.[1]).filter((name) => name !== undefined);
    expect(printed.sort()).toEqual(["accuracy", "perplexity"]);

    // The saved folder evaluates line by line too (each text one padded example instead of grouped blocks).
    const { evaluated } = await reuseSavedModel(trained, {
      predict: false,
      extraOverrides: ["--data.line_by_line", "true"],
    });
    const rows = readJsonl(join(data, "validation.jsonl")).length;
    expect(evaluated.lines).toContain(
      `data.validation_file: ${rows} texts, one example each (at most 128 tokens)`,
    );
    const lineByLine = readJson(join(output, "eval_results.json"));
    expect(lineByLine.eval_perplexity).toBeCloseTo(Math.exp(lineByLine.eval_loss), 6);
  }, 120_000);
});
