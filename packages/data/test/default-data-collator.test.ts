import { describe, expect, it } from "vitest";
import { defaultDataCollator, toNested } from "../src/index.js";

describe("defaultDataCollator", () => {
  it("stacks equal-length fields and renames an integer label to int32 labels", () => {
    const batch = defaultDataCollator([
      { input_ids: [5, 6, 7], attention_mask: [1, 1, 0], label: 2, text: "a b" },
      { input_ids: [8, 9, 10], attention_mask: [1, 1, 1], label: 0, text: "c d" },
    ]);
    expect(Object.keys(batch).sort()).toEqual(["attention_mask", "input_ids", "labels"]);
    expect(batch.input_ids.shape).toEqual([2, 3]);
    expect(batch.input_ids.dtype).toBe("int32");
    expect(toNested(batch.input_ids)).toEqual([
      [5, 6, 7],
      [8, 9, 10],
    ]);
    expect(batch.labels.dtype).toBe("int32");
    expect(toNested(batch.labels)).toEqual([2, 0]);
  });

  it("keeps float labels float32 (regression targets)", () => {
    const batch = defaultDataCollator([
      { input_ids: [1, 2], label: 0.25 },
      { input_ids: [3, 4], label: 3 },
    ]);
    expect(batch.labels.dtype).toBe("float32");
    expect(Array.from(batch.labels.data)).toEqual([0.25, 3]);
  });

  it("renames label_ids (a list per row) to labels", () => {
    const batch = defaultDataCollator([
      { input_ids: [1, 2], label_ids: [0, 1, 1] },
      { input_ids: [3, 4], label_ids: [1, 0, 0] },
    ]);
    expect(batch.label_ids).toBeUndefined();
    expect(batch.labels.shape).toEqual([2, 3]);
    expect(toNested(batch.labels)).toEqual([
      [0, 1, 1],
      [1, 0, 0],
    ]);
  });

  it("stacks nested fields (multiple choice rows) to a rank-3 tensor and drops null fields", () => {
    const batch = defaultDataCollator([
      {
        input_ids: [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        extra: null,
      },
      {
        input_ids: [
          [7, 8],
          [9, 10],
          [11, 12],
        ],
        extra: null,
      },
    ]);
    expect(batch.input_ids.shape).toEqual([2, 3, 2]);
    expect(batch.extra).toBeUndefined();
  });

  it("infers float32 for float fields other than labels", () => {
    const batch = defaultDataCollator([{ scores: [0.5, 1] }, { scores: [2, 3] }]);
    expect(batch.scores.dtype).toBe("float32");
  });

  it("names the example and field of a ragged, missing or malformed value", () => {
    expect(() => defaultDataCollator([{ input_ids: [1, 2, 3] }, { input_ids: [1, 2] }])).toThrow(
      'feature 1: "input_ids" has shape [2] but feature 0 has [3]',
    );
    expect(() => defaultDataCollator([{ input_ids: [1] }, { input_ids: [2] }, { other: [3] }])).toThrow(
      'feature 2: "input_ids" is missing',
    );
    expect(() => defaultDataCollator([{ input_ids: [1] }, { input_ids: ["x"] as never }])).toThrow(
      'feature 1: "input_ids" must be a number or a rectangular list of numbers',
    );
    expect(() => defaultDataCollator([])).toThrow("non-empty list of features");
  });
});
