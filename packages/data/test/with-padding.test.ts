import { describe, expect, it } from "vitest";
import { DataCollatorWithPadding, toNested } from "../src/index.js";

const rows = [
  { input_ids: [5, 6, 7], label: 1 },
  { input_ids: [8], label: 0 },
];

describe("DataCollatorWithPadding", () => {
  it("pads on the left, masks included, when asked", () => {
    const batch = DataCollatorWithPadding({ padTokenId: 3, paddingSide: "left" })(rows);
    expect(toNested(batch.input_ids)).toEqual([
      [5, 6, 7],
      [3, 3, 8],
    ]);
    expect(toNested(batch.attention_mask)).toEqual([
      [1, 1, 1],
      [0, 0, 1],
    ]);
    expect(toNested(batch.labels)).toEqual([1, 0]);
  });

  it("pads to maxLength with padding max_length, rounded up to the multiple", () => {
    const plain = DataCollatorWithPadding({ padTokenId: 0, padding: "max_length", maxLength: 5 })(rows);
    expect(plain.input_ids.shape).toEqual([2, 5]);
    expect(toNested(plain.input_ids)).toEqual([
      [5, 6, 7, 0, 0],
      [8, 0, 0, 0, 0],
    ]);
    const rounded = DataCollatorWithPadding({
      padTokenId: 0,
      padding: "max_length",
      maxLength: 5,
      padToMultipleOf: 4,
    })(rows);
    expect(rounded.input_ids.shape).toEqual([2, 8]);
  });

  it("ignores maxLength with padding longest, as HF does", () => {
    const batch = DataCollatorWithPadding({ padTokenId: 0, maxLength: 10 })(rows);
    expect(batch.input_ids.shape).toEqual([2, 3]);
  });

  it("pads token_type_ids with the type pad id, keeps a given attention_mask, pads special_tokens_mask with 1", () => {
    const batch = DataCollatorWithPadding({ padTokenId: 0, padTokenTypeId: 0 })([
      {
        input_ids: [2, 9, 9, 3],
        token_type_ids: [0, 0, 1, 1],
        attention_mask: [1, 1, 1, 0],
        special_tokens_mask: [1, 0, 0, 1],
      },
      { input_ids: [2, 3], token_type_ids: [0, 0], attention_mask: [1, 1], special_tokens_mask: [1, 1] },
    ]);
    expect(toNested(batch.token_type_ids)).toEqual([
      [0, 0, 1, 1],
      [0, 0, 0, 0],
    ]);
    expect(toNested(batch.attention_mask)).toEqual([
      [1, 1, 1, 0],
      [1, 1, 0, 0],
    ]);
    expect(toNested(batch.special_tokens_mask)).toEqual([
      [1, 0, 0, 1],
      [1, 1, 1, 1],
    ]);
  });

  it("with padding off, stacks equal rows and rejects ragged ones", () => {
    const collate = DataCollatorWithPadding({ padTokenId: 0, padding: false });
    expect(collate([{ input_ids: [1, 2] }, { input_ids: [3, 4] }]).input_ids.shape).toEqual([2, 2]);
    expect(() => collate(rows)).toThrow(
      'feature 1: "input_ids" has length 1 but feature 0 has 3, and padding is off',
    );
  });

  it("renames label_ids to labels, keeps float labels float32 and drops strings", () => {
    const ids = DataCollatorWithPadding({ padTokenId: 0 })([
      { input_ids: [1], label_ids: [1, 0], text: "x" },
      { input_ids: [1, 2], label_ids: [0, 1], text: "y" },
    ]);
    expect(Object.keys(ids).sort()).toEqual(["attention_mask", "input_ids", "labels"]);
    const floats = DataCollatorWithPadding({ padTokenId: 0 })([
      { input_ids: [1], label: 0.5 },
      { input_ids: [1, 2], label: 1 },
    ]);
    expect(floats.labels.dtype).toBe("float32");
  });

  it("names the example and field of a bad feature", () => {
    const collate = DataCollatorWithPadding({ padTokenId: 0 });
    expect(() =>
      collate([{ input_ids: [1, 2] }, { input_ids: [1, 2] }, { input_ids: [1, 2] }, { input_ids: [1.5] }]),
    ).toThrow('feature 3: "input_ids" must be a list of integers');
    expect(() => collate([{ input_ids: [1, 2] }, { input_ids: "1 2" }])).toThrow(
      'feature 1: "input_ids" must be a list of integers',
    );
    expect(() => collate([{ input_ids: [1, 2] }, { text: "no ids" }])).toThrow(
      'feature 1: "input_ids" is missing',
    );
    expect(() =>
      collate([
        { input_ids: [1, 2], attention_mask: [1, 1] },
        { input_ids: [1, 2], attention_mask: [1] },
      ]),
    ).toThrow('feature 1: "attention_mask" has length 1 but "input_ids" has 2');
    expect(() =>
      collate([
        { input_ids: [1], label: 1 },
        { input_ids: [1], label: [1, 2] },
      ]),
    ).toThrow('feature 1: "label" has shape [2] but feature 0 has []');
    expect(() => collate([{ input_ids: [1] }, null as never])).toThrow(
      "feature 1 must be an object of named fields",
    );
  });

  it("rejects a max_length longer row instead of truncating it", () => {
    const collate = DataCollatorWithPadding({ padTokenId: 0, padding: "max_length", maxLength: 2 });
    expect(() => collate(rows)).toThrow('feature 0: "input_ids" has length 3, more than the padded length 2');
  });

  it("checks its options when built", () => {
    expect(() => DataCollatorWithPadding({ padTokenId: 0, padding: "max_length" })).toThrow(
      "needs maxLength",
    );
    expect(() => DataCollatorWithPadding({ padTokenId: 0.5 })).toThrow("padTokenId must be an integer");
    expect(() => DataCollatorWithPadding({ padTokenId: 0, padToMultipleOf: 0 })).toThrow(
      "padToMultipleOf must be a positive integer",
    );
    expect(() => DataCollatorWithPadding({ padTokenId: 0, paddingSide: "middle" as never })).toThrow(
      "paddingSide",
    );
    expect(() => DataCollatorWithPadding({ padTokenId: 0, padding: true as never })).toThrow(
      "padding must be",
    );
  });
});
