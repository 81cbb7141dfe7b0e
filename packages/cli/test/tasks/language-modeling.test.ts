import { describe, expect, it } from "vitest";
import { groupTexts } from "../../src/tasks/language-modeling/group-texts.js";
import { resolveSequenceLength } from "../../src/tasks/language-modeling/sequence-length.js";
import { textsOf } from "../../src/tasks/language-modeling/text-rows.js";
import { perplexityFromLoss, tokenAccuracy } from "../../src/tasks/language-modeling/token-metrics.js";
import { unigramBaseline } from "../../src/tasks/language-modeling/unigram-baseline.js";

const ids = (shape: number[], values: number[]) => ({
  dtype: "int32" as const,
  shape,
  data: Int32Array.from(values),
});

describe("groupTexts (HF's group_texts)", () => {
  it("concatenates every column across rows, cuts blocks and drops the remainder", () => {
    const rows = [
      { input_ids: [1, 2, 3], attention_mask: [1, 1, 1] },
      { input_ids: [4, 5], attention_mask: [1, 1] },
      { input_ids: [6, 7, 8], attention_mask: [1, 1, 1] },
    ];
    const grouped = groupTexts(rows, 3);
    expect(grouped.blocks).toEqual([
      { input_ids: [1, 2, 3], attention_mask: [1, 1, 1] },
      { input_ids: [4, 5, 6], attention_mask: [1, 1, 1] },
    ]);
    expect(grouped).toMatchObject({ tokens: 8, dropped: 2 });
  });

  it("gives no block when the text is shorter than one", () => {
    expect(groupTexts([{ input_ids: [1, 2] }], 3)).toEqual({ blocks: [], tokens: 2, dropped: 2 });
  });
});

describe("unigramBaseline", () => {
  it("scores targets by add-one counts over the vocabulary and guesses the most frequent token", () => {
    // train: token 7 three times, token 2 once; vocabulary 4 → p(7) = 4/8, p(2) = 2/8, p(unseen) = 1/8
    const scores = unigramBaseline([7, 2, 7, 7], [7, 2, 5], 4)!;
    expect(scores.mostFrequentId).toBe(7);
    expect(scores.accuracy).toBeCloseTo(1 / 3, 12);
    expect(scores.perplexity).toBeCloseTo(
      Math.exp(-(Math.log(4 / 8) + Math.log(2 / 8) + Math.log(1 / 8)) / 3),
      12,
    );
  });

  it("has nothing to say without training tokens or targets", () => {
    expect(unigramBaseline([], [1], 4)).toBeUndefined();
    expect(unigramBaseline([1], [], 4)).toBeUndefined();
  });
});

describe("tokenAccuracy", () => {
  const labels = ids([2, 3], [5, 6, 7, 8, -100, -100]);

  it("scores position t against label t + 1 for causal LM (run_clm's shift)", () => {
    // row 0: predicted 6 then 9 for labels 6, 7 → 1 of 2; row 1: 0 for label -100 → not scored
    expect(tokenAccuracy(ids([2, 3], [6, 9, 0, 0, 0, 0]), labels, true)).toBeCloseTo(1 / 2, 12);
  });

  it("scores each labelled position in place for masked LM", () => {
    expect(tokenAccuracy(ids([2, 3], [5, 0, 7, 8, 1, 1]), labels, false)).toBeCloseTo(3 / 4, 12);
  });
});

describe("helpers", () => {
  it("perplexity is exp of the split's loss", () => {
    expect(perplexityFromLoss({ eval_loss: 2 }, "eval")).toEqual({ perplexity: Math.exp(2) });
    expect(perplexityFromLoss({ eval_runtime: 1 }, "eval")).toEqual({});
  });

  it("a sequence length is capped by the tokenizer, and defaults to its limit, the checkpoint's or 1024", () => {
    const log: string[] = [];
    const push = (line: string) => log.push(line);
    expect(resolveSequenceLength(64, "data.block_size", undefined, undefined, push)).toBe(64);
    expect(resolveSequenceLength(600, "data.block_size", 512, undefined, push)).toBe(512);
    expect(resolveSequenceLength(undefined, "data.block_size", undefined, undefined, push)).toBe(1024);
    expect(resolveSequenceLength(undefined, "data.block_size", undefined, { n_positions: 256 }, push)).toBe(
      256,
    );
    expect(log[0]).toBe("data.block_size 600 is more than the tokenizer's model_max_length 512: using 512");
  });

  it("a text column that is not a string names the file, the row and the field", () => {
    expect(() => textsOf([{ text: "a" }, { text: 3 }], "text", "data.train_file")).toThrow(
      'data.train_file: row 2: data.text_column "text" must hold a string, got 3',
    );
  });
});
