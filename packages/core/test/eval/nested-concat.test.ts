import { hostTensor, toNested } from "@tfjs-trainer/data";
import { describe, expect, it } from "vitest";
import { concatOutputs, concatPadded } from "../../src/eval/nested-concat.js";

describe("concatPadded", () => {
  it("pads the second axis with -100 to the longest part", () => {
    const a = hostTensor("int32", [1, 2], [1, 2]);
    const b = hostTensor("int32", [2, 3], [3, 4, 5, 6, 7, 8]);
    expect(toNested(concatPadded([a, b]))).toEqual([
      [1, 2, -100],
      [3, 4, 5],
      [6, 7, 8],
    ]);
  });

  it("keeps trailing axes, concatenates 1-d parts, and rejects mismatched trailing axes", () => {
    const a = hostTensor("float32", [1, 1, 2], [1, 2]);
    const b = hostTensor("float32", [1, 2, 2], [3, 4, 5, 6]);
    expect(toNested(concatPadded([a, b]))).toEqual([
      [
        [1, 2],
        [-100, -100],
      ],
      [
        [3, 4],
        [5, 6],
      ],
    ]);
    expect(toNested(concatPadded([hostTensor("int32", [2], [1, 2]), hostTensor("int32", [1], [3])]))).toEqual(
      [1, 2, 3],
    );
    expect(() => concatPadded([a, hostTensor("float32", [1, 1, 3], [1, 2, 3])])).toThrow(
      /cannot concatenate/,
    );
  });

  it("concatenates tuples element by element", () => {
    const out = concatOutputs([
      [hostTensor("float32", [1], [1]), hostTensor("float32", [1], [2])],
      [hostTensor("float32", [1], [3]), hostTensor("float32", [1], [4])],
    ]);
    expect((out as ReturnType<typeof concatPadded>[]).map(toNested)).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });
});
