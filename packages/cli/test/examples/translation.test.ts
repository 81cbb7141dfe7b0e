import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { corpusBleu } from "../../src/tasks/seq2seq/bleu.js";
import { printedBaseline } from "../helpers/printed-baseline.js";
import { readJsonl } from "../helpers/read-json.js";
import { reuseSavedModel } from "../helpers/reuse-saved-model.js";
import { trainExample } from "../helpers/train-example.js";

type TranslationRow = { translation: Record<string, string> };

describe("examples/translation (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates BLEU by generating and prints the copy baseline", async () => {
    const trained = await trainExample({
      example: "translation",
      dataset: "translation",
      // an untrained model generates up to the limit: a short one keeps the three generating passes quick
      extraOverrides: ["--generation_max_length", "16"],
    });
    const { data, output, lines, evalResults } = trained;
    expect(evalResults.eval_bleu).toBeGreaterThanOrEqual(0);
    expect(evalResults.eval_bleu).toBeLessThanOrEqual(100);
    expect(evalResults.eval_gen_len).toBeGreaterThanOrEqual(0);
    // --generation_max_length reached generate(): max_length counts the decoder start token
    expect(evalResults.eval_gen_len).toBeLessThan(16);

    // the baseline printed beside BLEU is copying the source, scored against the targets
    const validation = readJsonl<TranslationRow>(join(data, "validation.jsonl"));
    const expected = corpusBleu(
      validation.map((row) => row.translation.en),
      validation.map((row) => [row.translation["en-piglatin"]]),
    ).score;
    const baseline = printedBaseline(lines, "eval_bleu");
    expect(baseline?.name).toBe("copying the source");
    expect(baseline!.value).toBeCloseTo(expected, 3);

    await reuseSavedModel(trained);
    const generated = readFileSync(join(output, "generated_predictions.txt"), "utf8").split("\n");
    expect(generated).toHaveLength(readJsonl(join(data, "test.jsonl")).length);
  }, 120_000);
});
