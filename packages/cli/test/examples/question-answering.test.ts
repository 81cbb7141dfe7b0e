import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJson, readJsonl } from "../helpers/read-json.js";
import { reuseSavedModel } from "../helpers/reuse-saved-model.js";
import { trainExample } from "../helpers/train-example.js";

type QaRow = { id: string; context: string };

describe("examples/question-answering (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates and prints the baseline", async () => {
    const trained = await trainExample({ example: "question-answering", dataset: "wordnet-qa" });
    const { data, output, lines, evalResults } = trained;
    expect(readJson(join(output, "config.json")).architectures).toEqual(["BertForQuestionAnswering"]);
    for (const metric of ["eval_exact_match", "eval_f1"]) {
      expect(evalResults[metric]).toBeGreaterThanOrEqual(0);
      expect(evalResults[metric]).toBeLessThanOrEqual(100);
    }
    expect(lines.some((line) => /^eval_f1: .* \(baseline, the context's first .*: /.test(line))).toBe(true);
    expect(
      lines.some((line) => /^baseline on validation, the context's first sentence: exact_match /.test(line)),
    ).toBe(true);
    // run_qa's evaluation file: one answer per validation question, cut from its context
    const validation = readJsonl<QaRow>(join(data, "validation.jsonl"));
    const answers = readJson(join(output, "eval_predictions.json"));
    expect(Object.keys(answers).sort()).toEqual(validation.map((row) => row.id).sort());
    for (const row of validation) expect(row.context).toContain(answers[row.id]);

    const { predicted } = await reuseSavedModel(trained);
    const reloaded = readJson(join(output, "eval_results.json"));
    expect(reloaded.eval_f1).toBeCloseTo(evalResults.eval_f1, 4);
    const file = join(output, "predict_predictions.json");
    expect(predicted!.lines).toContain(`predictions written to ${file}`);
    const test = readJsonl<QaRow>(join(data, "test.jsonl"));
    const predictions = readJson(file);
    expect(Object.keys(predictions).sort()).toEqual(test.map((row) => row.id).sort());
    for (const row of test) expect(row.context).toContain(predictions[row.id]);
    const testResults = readJson(join(output, "test_results.json"));
    expect(testResults.test_f1).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
