import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { meanRouge } from "../../src/tasks/seq2seq/rouge.js";
import { printedBaseline } from "../helpers/printed-baseline.js";
import { readJson, readJsonl } from "../helpers/read-json.js";
import { reuseSavedModel } from "../helpers/reuse-saved-model.js";
import { trainExample } from "../helpers/train-example.js";

const ROUGE = ["rouge1", "rouge2", "rougeL", "rougeLsum"];
type SummarizationRow = { document: string; summary: string };

describe("examples/summarization (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates by generating and prints the copy baseline", async () => {
    const trained = await trainExample({
      example: "summarization",
      dataset: "summarization",
      // an untrained model generates up to the limit: a short one keeps the three generating passes quick
      extraOverrides: ["--generation_max_length", "16"],
    });
    const { data, output, lines, evalResults } = trained;
    // predict_with_generate came from the config's top level (Seq2SeqTrainingArguments) into training_args.json
    expect(readJson(join(output, "checkpoint-3/training_args.json")).predict_with_generate).toBe(true);
    for (const name of ROUGE) {
      expect(evalResults[`eval_${name}`], name).toBeGreaterThanOrEqual(0);
      expect(evalResults[`eval_${name}`], name).toBeLessThanOrEqual(100);
    }
    expect(evalResults.eval_gen_len).toBeGreaterThanOrEqual(0);
    // --generation_max_length reached generate(): max_length counts the decoder start token
    expect(evalResults.eval_gen_len).toBeLessThan(16);

    // the baseline printed beside each metric is copying the document, scored against the references
    const validation = readJsonl<SummarizationRow>(join(data, "validation.jsonl"));
    const expected = meanRouge(
      validation.map((row) => row.document),
      validation.map((row) => row.summary),
    );
    for (const name of ROUGE) {
      const baseline = printedBaseline(lines, `eval_${name}`);
      expect(baseline?.name, `eval_${name} line`).toBe("copying the text");
      expect(baseline!.value).toBeCloseTo(expected[name as keyof typeof expected], 3);
    }
    expect(expected.rouge1).toBeGreaterThan(0);

    await reuseSavedModel(trained);
    const generated = readFileSync(join(output, "generated_predictions.txt"), "utf8").split("\n");
    expect(generated).toHaveLength(readJsonl(join(data, "test.jsonl")).length);
  }, 120_000);
});
