import { describe, expect, it } from "vitest";
import { firstDifference } from "../src/first-difference.js";

describe("firstDifference", () => {
  it("is undefined for equal values, NaN included", () => {
    expect(
      firstDifference({ a: [1, { b: "x" }], c: Number.NaN }, { c: Number.NaN, a: [1, { b: "x" }] }),
    ).toBe(undefined);
  });

  it("names the path of a number one bit apart, and tells -0 from 0", () => {
    const next = 0.1 + 2 ** -56; // one unit in the last place above 0.1
    expect(next).not.toBe(0.1);
    expect(firstDifference({ log: [{ loss: 0.1 }] }, { log: [{ loss: next }] })).toBe(
      `log[0].loss: expected 0.1, got ${next}`,
    );
    expect(firstDifference({ x: 0 }, { x: -0 })).toMatch(/^x: /);
  });

  it("names missing, unexpected and extra items", () => {
    expect(firstDifference({ a: 1, b: 2 }, { a: 1 })).toBe("b: missing");
    expect(firstDifference({ a: 1 }, { a: 1, z: true })).toBe("z: unexpected (true)");
    expect(firstDifference({ list: [1, 2] }, { list: [1, 2, 3] })).toBe("list: expected 2 items, got 3");
    expect(firstDifference(["a"], { 0: "a" })).toBe("(the whole value): array and object");
  });
});
