import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { printedBaseline } from "../helpers/printed-baseline.js";
import { readJson } from "../helpers/read-json.js";
import { reuseSavedModel } from "../helpers/reuse-saved-model.js";
import { trainExample } from "../helpers/train-example.js";

describe("examples/causal-lm (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates perplexity and prints the baseline", async () => {
    const trained = await trainExample({ example: "causal-lm", dataset: "moby-dick" });
    const { output, lines, evalResults } = trained;
    expect(evalResults.eval_perplexity).toBeCloseTo(Math.exp(evalResults.eval_loss), 6);
    expect(evalResults.eval_accuracy).toBeGreaterThanOrEqual(0);
    expect(evalResults.eval_accuracy).toBeLessThanOrEqual(1);
    const baselineLine =
      /^eval_(perplexity|accuracy): .* \(baseline, unigram model of train's tokens .*: (\S+); /;
    const printed = lines.map((line) => baselineLine.exec(line)).filter((m) => m !== null);
    expect(printed.map((m) => m[1]).sort()).toEqual(["accuracy", "perplexity"]);
    const baselinePerplexity = printedBaseline(lines, "eval_perplexity")!.value;
    expect(Number.isFinite(baselinePerplexity) && baselinePerplexity > 1).toBe(true);

    // The saved folder is a checkpoint the CLI can evaluate with (model + tokenizer from it).
    await reuseSavedModel(trained, { predict: false });
    const again = readJson(join(output, "eval_results.json"));
    // the same weights on the same blocks (no dropout in evaluation) give the same loss
    expect(again.eval_loss).toBeCloseTo(evalResults.eval_loss, 5);
  }, 120_000);
});
