import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJsonl } from "../helpers/read-json.js";
import { reuseSavedModel } from "../helpers/reuse-saved-model.js";
import { trainExample } from "../helpers/train-example.js";

describe("examples/multiple-choice (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates and prints the baseline", async () => {
    const trained = await trainExample({ example: "multiple-choice", dataset: "moby-swag" });
    const { data, output, lines, evalResults } = trained;
    expect(evalResults.eval_accuracy).toBeGreaterThanOrEqual(0);
    expect(evalResults.eval_accuracy).toBeLessThanOrEqual(1);
    expect(lines.some((line) => /^eval_accuracy: .* \(baseline, majority label \d: /.test(line))).toBe(true);
    expect(lines.some((line) => /^baseline on validation, longest ending: accuracy /.test(line))).toBe(true);

    await reuseSavedModel(trained);
    const testRows = readJsonl(join(data, "test.jsonl"));
    const predictions = readFileSync(join(output, "predict_results.txt"), "utf8").trim().split("\n");
    expect(predictions[0]).toBe("index\tprediction");
    expect(predictions.slice(1)).toHaveLength(testRows.length);
    expect(predictions.slice(1).every((line, i) => new RegExp(`^${i}\\t[0-3]$`).test(line))).toBe(true);
  }, 120_000);
});
