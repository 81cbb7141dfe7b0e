import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJson, readJsonl } from "../helpers/read-json.js";
import { reuseSavedModel } from "../helpers/reuse-saved-model.js";
import { trainExample } from "../helpers/train-example.js";

const UNIVERSAL_TAGS = new Set([
  "NOUN",
  "VERB",
  "ADJ",
  "ADV",
  "PRON",
  "DET",
  "ADP",
  "NUM",
  "CONJ",
  "PRT",
  "X",
  ".",
]);

describe("examples/token-classification (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + tokenizer + checkpoint, evaluates and prints the baseline", async () => {
    const trained = await trainExample({ example: "token-classification", dataset: "brown-pos" });
    const { data, output, lines, evalResults } = trained;
    const savedConfig = readJson(join(output, "config.json"));
    expect(new Set(Object.values(savedConfig.id2label))).toEqual(UNIVERSAL_TAGS);
    expect(evalResults.eval_accuracy).toBeGreaterThanOrEqual(0);
    expect(evalResults.eval_accuracy).toBeLessThanOrEqual(1);
    // POS tags are not IOB chunks: no entity scores
    expect(evalResults.eval_f1).toBeUndefined();
    expect(
      lines.some((line) =>
        /^eval_accuracy: .* \(baseline, most frequent tag of each word in train .*: /.test(line),
      ),
    ).toBe(true);
    expect(lines.some((line) => /^baseline on validation, majority tag "\w+": accuracy /.test(line))).toBe(
      true,
    );

    await reuseSavedModel(trained);
    // run_ner's predictions.txt: one line per test sentence, one tag per word the model saw
    const testRows = readJsonl<{ tokens: string[] }>(join(data, "test.jsonl"));
    const predictions = readFileSync(join(output, "predictions.txt"), "utf8").trimEnd().split("\n");
    expect(predictions).toHaveLength(testRows.length);
    predictions.forEach((line, i) => {
      const tags = line.split(" ");
      expect(tags.length).toBeGreaterThan(0);
      expect(tags.length).toBeLessThanOrEqual(testRows[i].tokens.length);
      expect(tags.every((tag) => UNIVERSAL_TAGS.has(tag))).toBe(true);
    });
  }, 120_000);
});
