import { describe, expect, it } from "vitest";
import { DataCollatorForTokenClassification, toNested } from "../src/index.js";

const rows = [
  { input_ids: [4, 5, 6], labels: [1, 2, 0] },
  { input_ids: [9], labels: [3] },
];

describe("DataCollatorForTokenClassification", () => {
  it("pads labels to the padded input width, rounded to the multiple", () => {
    const batch = DataCollatorForTokenClassification({ padTokenId: 0, padToMultipleOf: 4 })(rows);
    expect(toNested(batch.labels)).toEqual([
      [1, 2, 0, -100],
      [3, -100, -100, -100],
    ]);
    expect(batch.input_ids.shape).toEqual([2, 4]);
    expect(batch.labels.dtype).toBe("int32");
  });

  it("pads on the left, keeping each label under its token", () => {
    const batch = DataCollatorForTokenClassification({
      padTokenId: 0,
      labelPadTokenId: -1,
      paddingSide: "left",
    })(rows);
    expect(toNested(batch.input_ids)).toEqual([
      [4, 5, 6],
      [0, 0, 9],
    ]);
    expect(toNested(batch.labels)).toEqual([
      [1, 2, 0],
      [-1, -1, 3],
    ]);
  });

  it("renames label to labels and returns inputs alone for rows without labels", () => {
    const renamed = DataCollatorForTokenClassification({ padTokenId: 0 })([
      { input_ids: [1, 2], label: [0, 1] },
    ]);
    expect(Object.keys(renamed).sort()).toEqual(["attention_mask", "input_ids", "labels"]);
    const bare = DataCollatorForTokenClassification({ padTokenId: 0 })([{ input_ids: [1, 2] }]);
    expect(Object.keys(bare).sort()).toEqual(["attention_mask", "input_ids"]);
  });

  it("names an example whose labels outnumber its tokens", () => {
    expect(() =>
      DataCollatorForTokenClassification({ padTokenId: 0 })([
        rows[0],
        { input_ids: [1], labels: [0, 1, 2, 3] },
      ]),
    ).toThrow('feature 1: "labels" has length 4, more than the padded length 3');
  });
});
