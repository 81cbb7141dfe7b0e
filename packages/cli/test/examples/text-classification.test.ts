import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reuseSavedModel } from "../helpers/reuse-saved-model.js";
import { trainExample } from "../helpers/train-example.js";

describe("examples/text-classification (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates and prints the baseline", async () => {
    const trained = await trainExample({ example: "text-classification", dataset: "sentiment" });
    const { output, lines, evalResults } = trained;
    expect(evalResults.eval_accuracy).toBeGreaterThanOrEqual(0);
    expect(lines.some((line) => /^eval_accuracy: .* \(baseline, majority class ".*": /.test(line))).toBe(
      true,
    );

    await reuseSavedModel(trained);
    const predictions = readFileSync(join(output, "predict_results.txt"), "utf8").trim().split("\n");
    expect(predictions[0]).toBe("index\tprediction");
    expect(predictions.slice(1).every((line) => /^\d+\t(negative|positive)$/.test(line))).toBe(true);
  }, 120_000);
});
